package io.datafs.core.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a TARGET, LDB's: a JSON literal in braces ({@code {["cats", "dogs"]}}, {@code {null}}), a JSON number, or a
 * string, double-quoted with JSON escapes or single-quoted (where only {@code \'} and {@code \\} are escapes, so a
 * regular expression keeps its backslashes). {@link FileTargetReader} adds sizes and dates for file filters.
 */
class TargetReader {
  /** A target read: its value, whether it was a quoted string (a regular expression for == and !=), its end. */
  record Literal(JsonNode value, boolean quotedString, int end) {}

  static final TargetReader PLAIN = new TargetReader();

  private static final ObjectReader JSON =
      new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
  static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /** The target at {@code index} (spaces skipped already), which follows {@code operator}. */
  Literal read(QueryText q, int index, Operator operator) {
    if (index < q.length()) {
      char c = q.at(index);
      if (c == '{') return braced(q, index);
      if (c == '"') return doubleQuoted(q, index);
      if (c == '\'') return singleQuoted(q, index);
      Matcher number = NUMBER.matcher(q.text).region(index, q.length());
      if (number.lookingAt()) {
        if (DATE.matcher(q.text).region(index, q.length()).lookingAt()) {
          throw q.error(index, "a date is a value only in a file filter; in a query, quote it: \""
              + q.snippet(index, index + 10) + "\" (strings compare in code point order)");
        }
        return new Literal(parseJson(q, index, number.group(), "number"), false, number.end());
      }
    }
    throw q.error(index, "expected a value after '" + operator.symbol + "' (" + forms() + ")");
  }

  /** The target forms, for a message. */
  String forms() {
    return "a number, a quoted string, or a JSON literal in braces such as {true} or {[\"a\", \"b\"]}";
  }

  private Literal braced(QueryText q, int open) {
    int depth = 0;
    for (int i = open; i < q.length(); i++) {
      char c = q.at(i);
      if (c == '"') {
        i = q.closingQuote(i);
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        if (c != '}') break;
        String json = q.text.substring(open + 1, i);
        if (json.isBlank()) throw q.error(open, "expected a JSON value inside '{}'");
        return new Literal(parseJson(q, open, json, "JSON literal"), false, i + 1);
      }
    }
    throw q.error(open, "unbalanced '{'");
  }

  private Literal doubleQuoted(QueryText q, int open) {
    int close = q.closingQuote(open);
    return new Literal(parseJson(q, open, q.text.substring(open, close + 1), "string"), true, close + 1);
  }

  private static Literal singleQuoted(QueryText q, int open) {
    int close = q.closingQuote(open);
    StringBuilder s = new StringBuilder(close - open);
    for (int i = open + 1; i < close; i++) {
      char c = q.at(i);
      if (c == '\\' && (q.at(i + 1) == '\'' || q.at(i + 1) == '\\')) c = q.at(++i);
      s.append(c);
    }
    return new Literal(TextNode.valueOf(s.toString()), true, close + 1);
  }

  private static JsonNode parseJson(QueryText q, int index, String json, String what) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw q.error(index, "bad " + what + " " + abbreviate(json) + ": " + QueryText.oneLine(e.getOriginalMessage()));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
