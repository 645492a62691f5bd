package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A compiled query or part of one: true or false for one JSON document. Immutable, so shared across threads. */
interface Condition {
  /** Whether the document satisfies this condition; a JMESPath function error is a QueryEvaluationException. */
  boolean test(JsonNode document);

  static Condition allOf(List<Condition> parts) {
    return parts.size() == 1 ? parts.get(0) : new AllOf(parts.toArray(new Condition[0]));
  }

  static Condition anyOf(List<Condition> parts) {
    return parts.size() == 1 ? parts.get(0) : new AnyOf(parts.toArray(new Condition[0]));
  }

  static Condition not(Condition negated) {
    return new Not(negated);
  }

  /** Terms joined by AND, in one array rather than a right-leaning chain: no recursion per term. */
  final class AllOf implements Condition {
    private final Condition[] parts;

    AllOf(Condition[] parts) {
      this.parts = parts;
    }

    @Override
    public boolean test(JsonNode document) {
      for (Condition part : parts) {
        if (!part.test(document)) return false;
      }
      return true;
    }
  }

  final class AnyOf implements Condition {
    private final Condition[] parts;

    AnyOf(Condition[] parts) {
      this.parts = parts;
    }

    @Override
    public boolean test(JsonNode document) {
      for (Condition part : parts) {
        if (part.test(document)) return true;
      }
      return false;
    }
  }

  final class Not implements Condition {
    private final Condition negated;

    Not(Condition negated) {
      this.negated = negated;
    }

    @Override
    public boolean test(JsonNode document) {
      return !negated.test(document);
    }
  }
}
