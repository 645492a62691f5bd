package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An LDB query over one annotation (a JSON document): terms {@code JMESPATH op TARGET} or bare JMESPath, joined by
 * AND, OR, NOT and parentheses (docs/QUERY.md). Immutable, thread-safe, compiled once: every JMESPath term, regular
 * expression and JSON target is built at parse time.
 */
public final class Query {
  private final String text;
  private final Condition condition;

  private Query(String text, Condition condition) {
    this.text = text;
    this.condition = condition;
  }

  /** @throws QueryParseException naming the column and what was expected there */
  public static Query parse(String text) {
    Objects.requireNonNull(text, "text");
    return new Query(text, QueryParser.parse("query", text, TargetReader.PLAIN));
  }

  /**
   * Whether the annotation makes the query true.
   *
   * @throws QueryEvaluationException when a JMESPath function fails on it ({@code length(5)})
   */
  public boolean matches(JsonNode annotation) {
    return condition.test(Objects.requireNonNull(annotation, "annotation"));
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
