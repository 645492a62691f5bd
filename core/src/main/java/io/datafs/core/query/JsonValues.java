package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Equality and order of JSON values as the query language defines them: numbers by value, strings by code point. */
final class JsonValues {
  /** What {@link #compare} returns for a pair it does not order (a string and a number, an array, null...). */
  static final int UNORDERED = Integer.MIN_VALUE;

  private JsonValues() {}

  /** Deep equality; numbers compare by value at any depth ({@code 1 == 1.0}), object members in any order. */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return compareNumbers(a, b) == 0;
    if (a.getNodeType() != b.getNodeType()) return false;
    switch (a.getNodeType()) {
      case STRING:
        return a.textValue().equals(b.textValue());
      case ARRAY:
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
          if (!equal(a.get(i), b.get(i))) return false;
        }
        return true;
      case OBJECT:
        if (a.size() != b.size()) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> member = it.next();
          JsonNode other = b.get(member.getKey());
          if (other == null || !equal(member.getValue(), other)) return false;
        }
        return true;
      default: // booleans, null
        return a.equals(b);
    }
  }

  /** Negative, zero or positive for two numbers or two strings; {@link #UNORDERED} for any other pair. */
  static int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return compareNumbers(a, b);
    if (a.isTextual() && b.isTextual()) return compareCodePoints(a.textValue(), b.textValue());
    return UNORDERED;
  }

  private static int compareNumbers(JsonNode a, JsonNode b) {
    if (a.canConvertToExactIntegral() && b.canConvertToExactIntegral()
        && a.canConvertToLong() && b.canConvertToLong()) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (a.isBigDecimal() || b.isBigDecimal() || a.isBigInteger() || b.isBigInteger()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    return x < y ? -1 : x > y ? 1 : 0; // not Double.compare: 0.0 and -0.0 are one value here
  }

  /**
   * String order by Unicode code point, so ISO dates and plain names sort as a reader expects. UTF-16 order
   * ({@link String#compareTo}) differs only where a surrogate (half of a code point above U+FFFF) meets a char in
   * U+E000..U+FFFF.
   */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean xSurrogate = Character.isSurrogate(x);
        if (xSurrogate != Character.isSurrogate(y)) return xSurrogate ? 1 : -1;
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
