package io.datafs.core.query;

import static io.datafs.core.query.Annotations.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grammar: keywords, precedence, grouping, where a JMESPath term ends, targets, and each error's column. */
class QueryParserTest {
  /** t is true, f is false: precedence shows in which grouping a query's value comes from. */
  static final JsonNode TF = json("{\"t\": true, \"f\": false}");

  private static boolean eval(String query) {
    return Query.parse(query).matches(TF);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "t OR f AND f | true", // t OR (f AND f); (t OR f) AND f would be false
      "f AND f OR t | true", // (f AND f) OR t
      "f AND t OR t AND t | true",
      "NOT f AND f | false", // (NOT f) AND f; NOT (f AND f) would be true
      "NOT t OR t | true", // (NOT t) OR t; NOT (t OR t) would be false
      "NOT (t OR t) | false",
      "(t OR f) AND f | false",
      "NOT NOT t | true",
      "NOT(f) | true",
      "(NOT f) AND t | true",
      "(NOT(NOT t)) | true",
      "((t)) | true",
      "(((f)) OR ((t AND (t)))) | true",
      "t AND (f OR (t AND NOT f)) | true",
      "f OR f OR f OR t | true",
      "t AND t AND t AND f | false"})
  void notBindsTightestThenAndThenOr(String query, boolean expected) {
    assertEquals(expected, eval(query));
  }

  @Test
  void spacesAreOptionalAroundOperatorsAndAnyWhitespaceSeparates() {
    JsonNode cat = json("{\"class\": \"cats\", \"n\": 5}");
    for (String query : new String[] {"class==\"cats\"", "  class   ==   \"cats\"  ", "class\t==\n\"cats\"",
        "(class==\"cats\")AND(n>4)", "class == \"cats\"\nAND\tn >= 5", "n<=5 AND n>=5 AND n!=4 AND n<6 AND n>4"}) {
      assertTrue(Query.parse(query).matches(cat), query);
    }
  }

  @Test
  void keywordsAreUpperCaseWordsSoNamesThatContainThemStayJmesPath() {
    JsonNode doc = json("{\"ANDROID\": 1, \"NOTE\": \"x\", \"ORDER\": [1], \"o\": {\"OR\": true}, \"AND\": 2}");
    assertTrue(Query.parse("ANDROID == 1 AND NOTE == \"x\" AND ORDER").matches(doc));
    assertTrue(Query.parse("o.OR").matches(doc));
    assertTrue(Query.parse("\"AND\" == 2").matches(doc)); // a key named like a keyword, quoted
    QueryParseException lower = assertThrows(QueryParseException.class, () -> Query.parse("t and f"));
    assertTrue(lower.getMessage().startsWith("query: column 1: bad JMESPath expression 't and f': "),
        lower.getMessage());
  }

  @Test
  void operatorsAndParenthesesInsideJmesPathBelongToIt() {
    JsonNode doc = json("{\"a == b\": \"1\", \"boxes\": [{\"l\": \"x)\"}, {\"l\": \"y\"}], \"n\": 3, \"k\": 5,"
        + " \"m\": null, \"s\": \"OR\"}");
    assertTrue(Query.parse("\"a == b\" == \"1\"").matches(doc)); // a quoted identifier
    assertTrue(Query.parse("boxes[?l == 'x)'] == {[{\"l\": \"x)\"}]}").matches(doc)); // a filter with a raw string
    assertTrue(Query.parse("boxes[?l != `\"y\"`].l == {[\"x)\"]}").matches(doc)); // a JSON literal in backticks
    assertTrue(Query.parse("length(boxes) < 3 AND length(boxes[?l == 'y']) == 1").matches(doc));
    assertTrue(Query.parse("(m || n) == 3").matches(doc)); // a '(' that JMESPath groups: a comparison follows it
    assertTrue(Query.parse("((m || n) == 3)").matches(doc));
    assertTrue(Query.parse("(n) > 2").matches(doc));
    assertTrue(Query.parse("s == 'OR' AND n > 2").matches(doc));
    assertTrue(Query.parse("boxes[] | [0].l == 'x\\)'").matches(doc)); // a pipe; the regex escapes ')'
    // two JMESPath values compared: inside a filter, where the comparison is JMESPath's
    assertTrue(Query.parse("[@][?n < k]").matches(doc));
    assertFalse(Query.parse("[@][?n > k]").matches(doc));
  }

  @Test
  void targetsInEveryForm() {
    JsonNode doc = json("{\"s\": \"it's \\\"q\\\"\", \"c\": \"cats\", \"n\": 1000, \"b\": true, \"z\": null,"
        + " \"a\": [1, \"x\"], \"o\": {\"k\": [true]}, \"d\": \"a.b\"}");
    String[] queries = {
        "s == 'it\\'s \"q\"'", "s == \"it's \\\"q\\\"\"", "c == \"\\u0063ats\"", "n == 1e3", "n == 1000.0",
        "n > -5", "b == {true}", "z == {null}", "a == {[1, \"x\"]}", "o == {{\"k\": [true]}}",
        "o == { {\"k\":[true]} }",
        "d == 'a\\.b'", "d == \"a\\\\.b\"", "d != 'a\\.c'", "c == 'ca(t|x)s'"};
    for (String query : queries) assertTrue(Query.parse(query).matches(doc), query);
  }

  @Test
  void textIsKept() {
    assertEquals("a == 1 ", Query.parse("a == 1 ").text());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~class == ~|10|expected a value after '==' (a number, a quoted string, or a JSON literal in braces",
      "class == cats|10|expected a value after '=='",
      "size > 10 AND|14|expected a term after 'AND'",
      "~size > 10 OR ~|14|expected a term after 'OR'",
      "NOT|4|expected a term after 'NOT'",
      "~~|1|expected a term",
      "~   ~|4|expected a term",
      "AND a|1|expected a term, found 'AND'",
      "a OR AND b|6|expected a term after 'OR', found 'AND'",
      "()|2|expected a term after '('",
      "(class == \"x\"|1|unbalanced '('",
      "a AND ((b) OR c|7|unbalanced '('",
      "class == \"x\")|13|unbalanced ')'",
      "a[|2|unbalanced '['",
      "x AND a[ == 1|8|unbalanced '['",
      "a.b. == 1|1|bad JMESPath expression 'a.b.': mismatched input '<EOF>'",
      "x AND a] == 1|8|unbalanced ']'",
      "a[0) == 1|4|unbalanced ')'",
      "foo(1) == 2|1|bad JMESPath expression 'foo(1)'",
      "t and f|1|bad JMESPath expression 't and f'",
      "class = \"x\"|7|'=' is not an operator; compare with '=='",
      "== 1|1|expected a JMESPath expression before '=='",
      "a AND >= 1|7|expected a JMESPath expression before '>='",
      "class == \"cats|10|unterminated string \"",
      "class == 'cats|10|unterminated string '",
      "a[?b == 'x] == 1|9|unterminated string '",
      "`1 == a|1|unterminated JSON literal `",
      "a == `1`|6|expected a value after '=='",
      "class == \"[a\"|10|bad regular expression '[a': Unclosed character class",
      "class == \"\\q\"|10|bad string \"\\q\": Unrecognized character escape 'q'",
      "a == {[1,]}|6|bad JSON literal [1,]: ",
      "a == {[1}|6|unbalanced '{'",
      "a == {}|6|expected a JSON value inside '{}'",
      "a == { }|6|expected a JSON value inside '{}'",
      "a == {1 2}|6|bad JSON literal 1 2: ",
      "size == 5 6|11|expected AND, OR, ')' or the end after the value, found '6'",
      "size == 5AND b|10|expected AND, OR, ')' or the end after the value, found 'AND'",
      "size > 10K|10|expected AND, OR, ')' or the end after the value, found 'K'",
      "a == {true} b|13|expected AND, OR, ')' or the end after the value, found 'b'",
      "size < {[1]}|8|'<' orders numbers and strings, not array [1]",
      "size >= {null}|9|'>=' orders numbers and strings, not null null",
      "date > 2024-01-01|8|a date is a value only in a file filter; in a query, quote it: \"2024-01-01\""})
  void errorsAreOneLineWithTheColumnAndWhatWasExpected(String query, int column, String expected) {
    QueryParseException e = assertThrows(QueryParseException.class, () -> Query.parse(query));
    String message = e.getMessage();
    assertTrue(message.startsWith("query: column " + column + ": " + expected), message);
    assertEquals(column, e.column());
    assertFalse(message.contains("\n"), message);
    assertTrue(e instanceof InvalidInputException);
  }

  @Test
  void aJmesPathErrorSaysWhereInTheExpression() {
    QueryParseException e = assertThrows(QueryParseException.class, () -> Query.parse("x AND a.[ OR y"));
    // '[' at depth 0 swallows the rest; reported at its own column
    assertEquals("query: column 9: unbalanced '['", e.getMessage());
    e = assertThrows(QueryParseException.class, () -> Query.parse("x AND a.b. == 1"));
    assertTrue(e.getMessage().startsWith("query: column 7: bad JMESPath expression 'a.b.': mismatched input '<EOF>'"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("(at character 5 of the expression)"), e.getMessage());
  }
}
