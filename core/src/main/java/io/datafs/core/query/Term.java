package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;

/** One TERM: a JMESPath expression, compiled once, and the test its value must pass. */
final class Term implements Condition {
  private final String language;
  private final String expressionText;
  private final Expression<JsonNode> expression;
  private final ValueTest test;

  Term(String language, String expressionText, Expression<JsonNode> expression, ValueTest test) {
    this.language = language;
    this.expressionText = expressionText;
    this.expression = expression;
    this.test = test;
  }

  @Override
  public boolean test(JsonNode document) {
    JsonNode value;
    try {
      value = expression.search(document);
    } catch (JmesPathException e) {
      throw new QueryEvaluationException(
          language + ": '" + expressionText + "': " + QueryText.oneLine(e.getMessage()));
    }
    return test.test(value == null || value.isMissingNode() ? NullNode.getInstance() : value);
  }
}
