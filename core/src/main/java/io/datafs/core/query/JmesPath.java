package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathType;
import io.burt.jmespath.function.Function;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.node.FlattenArrayNode;
import io.burt.jmespath.node.FlattenObjectNode;
import io.burt.jmespath.node.Node;
import io.burt.jmespath.node.NodeFactory;
import io.burt.jmespath.node.Operator;
import io.burt.jmespath.node.SelectionNode;
import io.burt.jmespath.node.SliceNode;
import io.burt.jmespath.node.StandardNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * JMESPath over Jackson as LDB evaluates it: LDB runs Python's jmespath, the reference implementation, and
 * jmespath-java 0.6.0 departs from it in two ways this runtime corrects when it builds an expression:
 * <ul>
 *   <li>a slice of a value that is not an array is null (0.6.0 slices an object's values, gives {@code []} for
 *       null, and throws IndexOutOfBoundsException on {@code missing[::-1]});
 *   <li>a projection that nothing follows ({@code a[]}, {@code o.*}, {@code a[0:2]}, {@code a[?b]}) drops its null
 *       elements, as every projection does (0.6.0 drops them only when a right-hand side follows): such an
 *       expression, wherever it is used whole, is ended with the identity projection {@code [*]} (except as a
 *       value of a multi-select hash, {@code {k: a[]}}, whose entries 0.6.0 does not let a factory read).
 * </ul>
 * Stateless once built, so one instance and its compiled expressions serve every thread.
 */
final class JmesPath extends JacksonRuntime {
  static final JmesPath RUNTIME = new JmesPath();

  private final ReferenceNodes nodes = new ReferenceNodes(this);

  private JmesPath() {}

  @Override
  public NodeFactory<JsonNode> nodeFactory() {
    return nodes;
  }

  /** @throws io.burt.jmespath.parser.ParseException when the text is not a JMESPath expression */
  @Override
  public Expression<JsonNode> compile(String expression) {
    return nodes.whole(super.compile(expression));
  }

  private static final class ReferenceNodes extends StandardNodeFactory<JsonNode> {
    private final JacksonRuntime runtime;

    ReferenceNodes(JacksonRuntime runtime) {
      super(runtime);
      this.runtime = runtime;
    }

    /** The expression, ended with the identity projection if it would otherwise end in an unfinished projection. */
    @SuppressWarnings("unchecked")
    Expression<JsonNode> whole(Expression<JsonNode> expression) {
      return opensProjection(expression)
          ? super.createSequence(List.of((Node<JsonNode>) expression, createProjection(createCurrent())))
          : expression;
    }

    private static boolean opensProjection(Expression<JsonNode> expression) {
      return expression instanceof FlattenArrayNode || expression instanceof FlattenObjectNode
          || expression instanceof SliceNode || expression instanceof SelectionNode;
    }

    @Override
    public Node<JsonNode> createSlice(Integer start, Integer stop, Integer step) {
      return new SliceNode<>(runtime, start, stop, step) {
        @Override
        public JsonNode search(JsonNode input) {
          return runtime.typeOf(input) == JmesPathType.ARRAY ? super.search(input) : runtime.createNull();
        }
      };
    }

    @Override
    public Node<JsonNode> createSequence(List<Node<JsonNode>> steps) {
      Node<JsonNode> last = steps.get(steps.size() - 1);
      if (!opensProjection(last)) return super.createSequence(steps);
      List<Node<JsonNode>> ended = new ArrayList<>(steps);
      ended.add(createProjection(createCurrent()));
      return super.createSequence(ended);
    }

    @Override
    public Node<JsonNode> createProjection(Expression<JsonNode> rightHandSide) {
      return super.createProjection(whole(rightHandSide));
    }

    @Override
    public Node<JsonNode> createSelection(Expression<JsonNode> test) {
      return super.createSelection(whole(test));
    }

    @Override
    public Node<JsonNode> createComparison(Operator operator, Expression<JsonNode> left, Expression<JsonNode> right) {
      return super.createComparison(operator, whole(left), whole(right));
    }

    @Override
    public Node<JsonNode> createOr(Expression<JsonNode> left, Expression<JsonNode> right) {
      return super.createOr(whole(left), whole(right));
    }

    @Override
    public Node<JsonNode> createAnd(Expression<JsonNode> left, Expression<JsonNode> right) {
      return super.createAnd(whole(left), whole(right));
    }

    @Override
    public Node<JsonNode> createNegate(Expression<JsonNode> negated) {
      return super.createNegate(whole(negated));
    }

    @Override
    public Node<JsonNode> createExpressionReference(Expression<JsonNode> expression) {
      return super.createExpressionReference(whole(expression));
    }

    @Override
    public Node<JsonNode> createFunctionCall(String name, List<? extends Expression<JsonNode>> arguments) {
      return super.createFunctionCall(name, arguments.stream().map(this::whole).toList());
    }

    @Override
    public Node<JsonNode> createFunctionCall(Function function, List<? extends Expression<JsonNode>> arguments) {
      return super.createFunctionCall(function, arguments.stream().map(this::whole).toList());
    }

    @Override
    public Node<JsonNode> createCreateArray(List<? extends Expression<JsonNode>> elements) {
      return super.createCreateArray(elements.stream().map(this::whole).toList());
    }
  }
}
