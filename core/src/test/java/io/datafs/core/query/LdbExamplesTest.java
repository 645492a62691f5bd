package io.datafs.core.query;

import static io.datafs.core.query.Annotations.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The three queries of LDB's documentation, with what JMESPath makes of them worked out by hand: {@code *} projects
 * over an object's values, so {@code *.classes[0]} is a list (one first class per object that has classes) and
 * {@code *.classes[0:1]} a list of lists.
 */
class LdbExamplesTest {
  /** Two detected objects, as LDB's examples assume; "label" has no classes and drops out of every projection. */
  static final JsonNode TWO = json("{\"img\": {\"classes\": [\"cats\", \"dogs\"]}, \"crop\": {\"classes\": [\"dogs\"]},"
      + " \"label\": \"x\"}");
  static final JsonNode FIVE = json("{\"a\": {\"classes\": [\"dogs\"]}, \"b\": {\"classes\": []},"
      + " \"c\": {\"classes\": [\"x\"]}, \"d\": {\"classes\": [\"y\"]}, \"e\": {\"classes\": [\"z\"]}}");

  @Test
  void classEqualsCats() {
    Query query = Query.parse("class == \"cats\"");
    assertTrue(query.matches(json("{\"class\": \"cats\"}")));
    assertFalse(query.matches(json("{\"class\": \"cats2\"}"))); // the whole value
    assertFalse(query.matches(json("{\"class\": [\"cats\"]}"))); // not a string
    assertFalse(query.matches(json("{}")));
  }

  @Test
  void aSliceOfAProjectionIsAListOfSlices() {
    Query asLdbWritesIt = Query.parse("*.classes[0:1] == {[\"cats\", \"dogs\"]}");
    // *.classes[0:1] is [["cats"], ["dogs"]] here: a list of lists never equals a list of strings
    assertFalse(asLdbWritesIt.matches(TWO));
    assertTrue(Query.parse("NOT *.classes[0:1] == {[\"cats\", \"dogs\"]}").matches(TWO));
    assertTrue(Query.parse("*.classes[0:1] == {[[\"cats\"], [\"dogs\"]]}").matches(TWO));
    assertTrue(Query.parse("*.classes[0] == {[\"cats\", \"dogs\"]}").matches(TWO)); // what a reader may have meant
    assertTrue(Query.parse("*.classes[0:1] == {[[\"cats\"]]}").matches(json("{\"img\": {\"classes\": [\"cats\"]}}")));
  }

  @Test
  void firstClassNotLikeCatAndFewerThanFiveObjects() {
    Query query = Query.parse("( *.classes[0] != \"cat.*\" ) AND ( length(*.classes) < 5 )");
    // *.classes[0] is ["cats", "dogs"], a list, so no string: '!=' a regex is true; length(*.classes) is 2
    assertTrue(query.matches(TWO));
    assertFalse(query.matches(FIVE)); // five objects with classes
    assertTrue(query.matches(json("{}"))); // *.classes is [], its length 0
    // the same test on one object's classes, where the value is a string
    Query single = Query.parse("( classes[0] != \"cat.*\" ) AND ( length(classes) < 5 )");
    assertFalse(single.matches(json("{\"classes\": [\"cats\"]}")));
    assertTrue(single.matches(json("{\"classes\": [\"dogs\", \"cats\"]}")));
    assertFalse(single.matches(json("{\"classes\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}")));
    // an annotation that is an array: '*' gives null there, and length(null) is a function error
    QueryEvaluationException e = assertThrows(QueryEvaluationException.class, () -> query.matches(json("[1]")));
    assertEquals("query: 'length(*.classes)': Invalid argument type calling \"length\": expected string, array or"
        + " object but was null", e.getMessage());
  }
}
