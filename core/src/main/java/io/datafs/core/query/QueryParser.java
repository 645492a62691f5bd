package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.parser.ParseError;
import io.burt.jmespath.parser.ParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive descent over LDB's grammar: {@code QUERY := TERM | TERM AND QUERY | TERM OR QUERY | NOT QUERY | ( QUERY )},
 * NOT binding tightest, then AND, then OR. JMESPath has no tokens we could share, so a term's JMESPath part is found
 * by scanning: it runs to a comparison operator, AND/OR or a ')' at nesting depth 0 (outside quotes and brackets).
 */
final class QueryParser {
  private final QueryText q;
  private final TargetReader targets;
  private int pos;

  private QueryParser(QueryText q, TargetReader targets) {
    this.q = q;
    this.targets = targets;
  }

  static Condition parse(String language, String text, TargetReader targets) {
    QueryParser parser = new QueryParser(new QueryText(language, text), targets);
    Condition condition = parser.parseOr("");
    parser.pos = parser.q.skipSpace(parser.pos);
    if (parser.pos < text.length()) throw parser.q.error(parser.pos, "unbalanced ')'");
    return condition;
  }

  private Condition parseOr(String after) {
    List<Condition> parts = new ArrayList<>();
    parts.add(parseAnd(after));
    while (keywordNext("OR")) parts.add(parseAnd("OR"));
    return Condition.anyOf(parts);
  }

  private Condition parseAnd(String after) {
    List<Condition> parts = new ArrayList<>();
    parts.add(parseUnary(after));
    while (keywordNext("AND")) parts.add(parseUnary("AND"));
    return Condition.allOf(parts);
  }

  /** Skips spaces; if the keyword comes next, consumes it. */
  private boolean keywordNext(String keyword) {
    pos = q.skipSpace(pos);
    if (!q.keywordAt(pos, keyword)) return false;
    pos += keyword.length();
    return true;
  }

  private Condition parseUnary(String after) {
    pos = q.skipSpace(pos);
    if (pos == q.length() || q.at(pos) == ')' || q.keywordAt(pos, "AND") || q.keywordAt(pos, "OR")) {
      String expected = after.isEmpty() ? "expected a term" : "expected a term after '" + after + "'";
      throw q.error(pos, pos == q.length() ? expected : expected + ", found " + q.found(pos));
    }
    if (q.keywordAt(pos, "NOT")) {
      pos += "NOT".length();
      return Condition.not(parseUnary("NOT"));
    }
    if (q.at(pos) == '(' && opensGroup(pos)) {
      int open = pos++;
      Condition group = parseOr("(");
      pos = q.skipSpace(pos);
      if (pos == q.length() || q.at(pos) != ')') throw q.error(open, "unbalanced '('");
      pos++;
      return group;
    }
    return parseTerm();
  }

  /**
   * Whether the '(' at {@code open} groups terms rather than starting a JMESPath expression such as
   * {@code (a || b) == 1}: it does when its ')' is followed by AND, OR, another ')' or the end.
   */
  private boolean opensGroup(int open) {
    int depth = 0;
    for (int i = open; i < q.length(); i++) {
      char c = q.at(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = q.closingQuote(i);
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
        int next = q.skipSpace(i + 1);
        return c != ')' || next == q.length() || q.at(next) == ')' || q.keywordAt(next, "AND")
            || q.keywordAt(next, "OR");
      }
    }
    return true; // unbalanced: parsed as a group, which reports it
  }

  private Condition parseTerm() {
    int start = pos;
    int end = jmesPathEnd(start);
    String expressionText = q.text.substring(start, end).strip();
    Operator operator = end < q.length() ? Operator.at(q.text, end) : null;
    if (expressionText.isEmpty()) {
      throw q.error(start, "expected a JMESPath expression before '" + operator.symbol + "'");
    }
    Expression<JsonNode> expression = compile(start, expressionText);
    if (operator == null) {
      pos = end;
      return new Term(q.language, expressionText, expression, ValueTest.truthy());
    }
    int targetAt = q.skipSpace(end + operator.symbol.length());
    TargetReader.Literal target = targets.read(q, targetAt, operator);
    pos = target.end();
    int next = q.skipSpace(pos);
    if (next < q.length() && q.at(next) != ')' && !q.keywordAt(next, "AND") && !q.keywordAt(next, "OR")) {
      throw q.error(next, "expected AND, OR, ')' or the end after the value, found " + q.found(next));
    }
    return new Term(q.language, expressionText, expression, test(operator, target, targetAt));
  }

  /** Where the JMESPath part of the term starting at {@code start} ends. */
  private int jmesPathEnd(int start) {
    Deque<Integer> open = new ArrayDeque<>(); // indices of the brackets not yet closed
    for (int i = start; i < q.length(); i++) {
      char c = q.at(i);
      if (open.isEmpty()) {
        if (c == ')' || Operator.at(q.text, i) != null) return i;
        if (q.keywordAt(i, "AND") || q.keywordAt(i, "OR")) return i;
        if (c == '=') throw q.error(i, "'=' is not an operator; compare with '=='");
      }
      if (c == '\'' || c == '"' || c == '`') {
        i = q.closingQuote(i);
      } else if (c == '(' || c == '[' || c == '{') {
        open.push(i);
      } else if (c == ')' || c == ']' || c == '}') {
        if (open.isEmpty() || !closes(q.at(open.peek()), c)) throw q.error(i, "unbalanced '" + c + "'");
        open.pop();
      }
    }
    if (!open.isEmpty()) throw q.error(open.peek(), "unbalanced '" + q.at(open.peek()) + "'");
    return q.length();
  }

  private static boolean closes(char opener, char closer) {
    return opener == '(' ? closer == ')' : opener == '[' ? closer == ']' : closer == '}';
  }

  private Expression<JsonNode> compile(int start, String expressionText) {
    try {
      return JmesPath.RUNTIME.compile(expressionText);
    } catch (ParseException e) {
      throw q.error(start, "bad JMESPath expression '" + q.snippet(start, start + expressionText.length()) + "': "
          + reason(e));
    }
  }

  /** The first of the library's errors, without its "syntax error" prefix, and where in the expression it is. */
  private static String reason(ParseException e) {
    for (ParseError error : e) {
      String message = QueryText.oneLine(error.message()).replaceFirst("^syntax error ", "");
      return message + " (at character " + (error.position() + 1) + " of the expression)";
    }
    return QueryText.oneLine(e.getMessage());
  }

  private ValueTest test(Operator operator, TargetReader.Literal target, int targetAt) {
    JsonNode value = target.value();
    if (target.quotedString() && operator.isEquality()) {
      return ValueTest.matches(regex(targetAt, value.textValue()), operator == Operator.NOT_EQUAL);
    }
    if (operator.isEquality()) return ValueTest.equalTo(value, operator == Operator.NOT_EQUAL);
    if (!value.isNumber() && !value.isTextual()) {
      throw q.error(targetAt, "'" + operator.symbol + "' orders numbers and strings, not "
          + value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + value);
    }
    return ValueTest.ordered(operator, value);
  }

  private Pattern regex(int targetAt, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw q.error(targetAt, "bad regular expression '" + regex + "': " + e.getDescription());
    }
  }
}
