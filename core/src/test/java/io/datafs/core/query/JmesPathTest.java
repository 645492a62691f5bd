package io.datafs.core.query;

import static io.datafs.core.query.Annotations.json;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where jmespath-java 0.6.0 departs from the JMESPath reference (Python's jmespath, which LDB runs) and
 * {@link JmesPath} puts it right. Expected values follow the specification: a slice of a non-array is null, and a
 * projection drops null results even when nothing follows it. Each row but the last two failed on the plain
 * {@code JacksonRuntime}; those two guard against correcting too much.
 */
class JmesPathTest {
  static final JsonNode DOC = json("{\"arr\": [1, null, 2], \"s\": \"str\", \"n\": 5, \"o\": {\"x\": 1, \"y\": null},"
      + " \"nested\": [[1, null], [null]], \"img\": {\"classes\": [\"cats\", \"dogs\"]},"
      + " \"crop\": {\"classes\": [\"dogs\"]}}");

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = ';', value = {
      "s[0:1] ; null",
      "n[0:1] ; null",
      "missing[0:1] ; null",
      "o[0:1] ; null", // 0.6.0 sliced the object's values
      "missing[::-1] ; null", // 0.6.0 threw IndexOutOfBoundsException
      "arr[0:3] ; [1, 2]",
      "arr[::-1] ; [2, 1]",
      "arr[] ; [1, 2]",
      "o.* ; [1]",
      "nested[] ; [1]",
      "nested[][] ; [1]",
      "arr[?@ != `0`] ; [1, 2]",
      "length(arr[]) ; 2",
      "[arr[], n] ; [[1, 2], 5]",
      "arr[] | [1] ; 2", // 0.6.0 kept the null: [1, null, 2][1]
      "*.classes[0:1] ; [[\"cats\"], [\"dogs\"]]", // the strings, numbers and arrays among the values drop out
      "arr[].to_string(@) ; [\"1\", \"null\", \"2\"]", // nulls still reach a right-hand side, as in the reference
      "arr[*] ; [1, 2]"})
  void followsTheReference(String expression, String expected) {
    JsonNode value = JmesPath.RUNTIME.compile(expression).search(DOC);
    assertTrue(JsonValues.equal(json(expected), value), expression + " gave " + value);
  }
}
