package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** What a TERM asks of its JMESPath value: truthiness, a regular expression, equality, or an order. */
interface ValueTest {
  /** {@code value} is never Java null: a missing value is JSON null. */
  boolean test(JsonNode value);

  /** A bare JMESPath term: JMESPath's truthiness (false, null, "", [] and {} are false; 0 is true). */
  static ValueTest truthy() {
    return JmesPath.RUNTIME::isTruthy;
  }

  /** {@code == "regex"}: the whole of a string value matches; a value that is not a string does not. */
  static ValueTest matches(Pattern regex, boolean negated) {
    if (isLiteral(regex.pattern())) {
      String literal = regex.pattern();
      return value -> (value.isTextual() && literal.equals(value.textValue())) != negated;
    }
    return value -> (value.isTextual() && regex.matcher(value.textValue()).matches()) != negated;
  }

  /** {@code == {json}} or {@code == 5}: deep equality, numbers by value. */
  static ValueTest equalTo(JsonNode target, boolean negated) {
    return value -> JsonValues.equal(value, target) != negated;
  }

  /** {@code < > <= >=}: numbers with numbers, strings with strings; any other pair is false. */
  static ValueTest ordered(Operator operator, JsonNode target) {
    return value -> {
      int comparison = JsonValues.compare(value, target);
      return comparison != JsonValues.UNORDERED && operator.holdsFor(comparison);
    };
  }

  /** A pattern without metacharacters matches only itself: compared as a string, it needs no Matcher. */
  private static boolean isLiteral(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if ("\\^$.|?*+()[]{}".indexOf(pattern.charAt(i)) >= 0) return false;
    }
    return true;
  }
}
