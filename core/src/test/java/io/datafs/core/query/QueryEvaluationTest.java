package io.datafs.core.query;

import static io.datafs.core.query.Annotations.json;
import static io.datafs.core.query.Annotations.matching;
import static io.datafs.core.query.Annotations.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator and target over {@link Annotations}: cat1, dog1, bird, catx, empty. Each expected set is worked out
 * by hand from those documents (the comment says why where it is not obvious).
 */
class QueryEvaluationTest {
  static Stream<Arguments> queries() {
    return Stream.of(
        // == and != with a string: a regular expression over the whole of a string value
        expect("class == \"cats\"", "cat1"),
        expect("class == \"cat.*\"", "cat1", "catx"),
        expect("class == \"cat\"", "catx"), // whole value: "cats" is not "cat"
        expect("class == 'c.t'", "catx"),
        expect("class == \".*s\"", "cat1", "dog1", "bird"),
        expect("class != \"cat.*\"", "dog1", "bird", "empty"), // a missing class is null: not a string, not equal
        expect("classes == \"cats\""), // an array is not a string
        expect("classes != \"cats\"", "cat1", "dog1", "bird", "catx", "empty"),
        expect("note == \"\"", "bird"),
        // == and != with a number or JSON literal: deep equality, numbers by value
        expect("size == 1", "dog1"), // 1.0 == 1
        expect("size == 1.0", "dog1"),
        expect("size == 3", "cat1"),
        expect("size != 3", "dog1", "bird", "catx", "empty"),
        expect("size == -2.5", "bird"),
        expect("classes == {[\"cats\", \"dogs\"]}", "cat1"),
        expect("classes == {[\"dogs\", \"cats\"]}"), // arrays in order
        expect("classes == {[]}", "bird"),
        expect("classes[0] == \"dogs\"", "dog1"),
        expect("meta == {{\"source\": null}}", "dog1"),
        expect("meta.source == {null}", "dog1", "bird", "catx", "empty"), // missing keys are null
        expect("meta.source != {null}", "cat1"),
        expect("valid == {true}", "cat1"),
        expect("valid == {false}", "dog1"),
        expect("missing == {null}", "cat1", "dog1", "bird", "catx", "empty"),
        expect("class == {\"cat.*\"}"), // a JSON string literal is compared as it is, not as a regex
        expect("class == {\"cat\"}", "catx"),
        // < > <= >=: numbers numerically, strings by code point; any other pair is false
        expect("size > 0", "cat1", "dog1"),
        expect("size >= 1", "cat1", "dog1"),
        expect("size < 1", "bird"),
        expect("size <= 1", "dog1", "bird"),
        expect("size <= -2.5", "bird"),
        expect("size > -1e3", "cat1", "dog1", "bird"),
        expect("NOT size < 1", "cat1", "dog1", "catx", "empty"), // no size: '<' is false, its NOT true
        expect("date >= \"2024-01-01\"", "cat1"),
        expect("date < '2024-01-01'", "dog1"),
        expect("class > \"c\"", "cat1", "dog1", "catx"),
        expect("class <= {\"birds\"}", "bird"),
        expect("classes > 0"), // an array is not ordered
        // a bare JMESPath term: JMESPath truthiness
        expect("valid", "cat1"),
        expect("note"), // ""
        expect("classes", "cat1", "dog1"), // [] is false
        expect("meta", "cat1", "dog1"), // {} is false
        expect("size", "cat1", "dog1", "bird"), // numbers are true, as 0 would be
        expect("missing"),
        expect("NOT missing", "cat1", "dog1", "bird", "catx", "empty"),
        // bounding boxes, nested arrays, functions
        expect("boxes[?label == 'cat'].bbox[0] == {[10]}", "cat1"),
        expect("boxes[0].score > 0.5", "cat1"),
        expect("boxes[?score > `0.5`]", "cat1"), // dog1's filter gives []: false
        expect("length(boxes[?score > `0.3`] || `[]`) == 2", "cat1"),
        expect("meta.tags[0] == {[\"a\", \"b\"]}", "cat1"),
        expect("meta.tags[] == {[\"a\", \"b\", \"c\"]}", "cat1"),
        expect("meta.tags[1][0] == \"c\"", "cat1"),
        expect("contains(classes || `[]`, 'cats')", "cat1"), // catx's classes are not at the top
        expect("img.classes == {[\"cats\", \"dogs\"]}", "catx"),
        expect("*.classes[0] == {[\"cats\", \"dogs\"]}", "catx"), // img's first, other's first
        expect("classes AND length(classes) > 1", "cat1"), // the guard keeps length() from null
        // AND, OR, NOT, groups
        expect("class == \"cat.*\" AND size > 0", "cat1"),
        expect("class == \"dogs\" OR size < 0", "dog1", "bird"),
        expect("NOT (class == \"dogs\" OR size < 0)", "cat1", "catx", "empty"),
        expect("(class == \"cats\" OR class == \"dogs\") AND NOT valid", "dog1"));
  }

  private static Arguments expect(String query, String... matching) {
    return Arguments.of(query, names(matching));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void matchesTheAnnotationsWorkedOutByHand(String query, Set<String> expected) {
    assertEquals(expected, matching(query));
  }

  @Test
  void stringsOrderByCodePointNotByUtf16() {
    // U+1F600 is written as two surrogates (0xD83D...), U+FF5E as one char above them: UTF-16 order says the emoji
    // comes first, code point order says it comes last
    Query query = Query.parse("s > \"\uFF5E\"");
    assertTrue(query.matches(json("{\"s\": \"\uD83D\uDE00\"}")));
    assertFalse(query.matches(json("{\"s\": \"\uFF00\"}")));
  }

  @Test
  void numbersCompareByValueWhateverTheirJsonForm() {
    assertTrue(Query.parse("n == 1000").matches(json("{\"n\": 1e3}")));
    assertTrue(Query.parse("n == 1e3").matches(json("{\"n\": 1000}")));
    assertTrue(Query.parse("v == {[1, {\"a\": 2.0}]}").matches(json("{\"v\": [1.0, {\"a\": 2}]}")));
    assertTrue(Query.parse("n > 9007199254740992").matches(json("{\"n\": 9007199254740993}")));
    assertTrue(Query.parse("n == 0").matches(json("{\"n\": -0.0}")));
  }

  @Test
  void objectMembersAreEqualInAnyOrder() {
    assertTrue(Query.parse("o == {{\"b\": 2, \"a\": 1}}").matches(json("{\"o\": {\"a\": 1, \"b\": 2}}")));
    assertFalse(Query.parse("o == {{\"a\": 1}}").matches(json("{\"o\": {\"a\": 1, \"b\": 2}}")));
  }

  @Test
  void aJmesPathFunctionErrorIsOneLineNamingTheTerm() {
    Query query = Query.parse("class == \"x\" OR length(size) > 1");
    QueryEvaluationException e =
        assertThrows(QueryEvaluationException.class, () -> query.matches(Annotations.ALL.get("cat1")));
    assertEquals("query: 'length(size)': Invalid argument type calling \"length\": expected string, array or object"
        + " but was number", e.getMessage());
    // terms are evaluated left to right and stop once the answer is known: a guard spares the function
    assertTrue(query.matches(json("{\"class\": \"x\", \"size\": 5}")));
  }

  @Test
  void oneQueryServesManyThreads() throws Exception {
    Query query = Query.parse("( *.classes[0] != \"cat.*\" ) AND boxes[?label == 'cat'] OR class == \"d.*\"");
    Set<String> expected = matching(query.text()); // cat1 (its boxes), dog1 (its class)
    assertEquals(names("cat1", "dog1"), expected);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Set<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(threads.submit(() -> {
          Set<String> names = new TreeSet<>();
          for (int round = 0; round < 2_000; round++) {
            Annotations.ALL.forEach((name, annotation) -> {
              if (query.matches(annotation)) names.add(name);
            });
          }
          return names;
        }));
      }
      for (Future<Set<String>> result : results) assertEquals(expected, result.get());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anAnnotationThatIsNotAnObjectIsQueriedAsIs() {
    assertTrue(Query.parse("[0] == 1").matches(json("[1, 2]")));
    assertTrue(Query.parse("@ == \"cat\"").matches(json("\"cat\"")));
    assertFalse(Query.parse("class").matches(json("[1, 2]")));
  }
}
