package io.datafs.core.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small set of annotations (classes, bounding boxes, numbers, nested arrays, nulls, missing keys) and the names of
 * those a query matches. Expected sets in the tests are worked out by hand from these documents.
 */
final class Annotations {
  static final Map<String, JsonNode> ALL = new LinkedHashMap<>();

  static {
    add("cat1", """
        {"class": "cats", "classes": ["cats", "dogs"], "size": 3, "date": "2024-03-01", "valid": true,
         "boxes": [{"label": "cat", "bbox": [10, 20, 30, 40], "score": 0.9},
                   {"label": "dog", "bbox": [50, 60, 70, 80], "score": 0.4}],
         "meta": {"source": "web", "tags": [["a", "b"], ["c"]]}}""");
    add("dog1", """
        {"class": "dogs", "classes": ["dogs"], "size": 1.0, "date": "2023-12-31", "valid": false, "boxes": [],
         "meta": {"source": null}}""");
    add("bird", """
        {"class": "birds", "classes": [], "size": -2.5, "meta": {}, "note": ""}""");
    add("catx", """
        {"class": "cat", "img": {"classes": ["cats", "dogs"]}, "other": {"classes": ["dogs", "cats", "x"]}}""");
    add("empty", "{}");
  }

  private Annotations() {}

  private static void add(String name, String json) {
    try {
      ALL.put(name, new ObjectMapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the annotations the query matches, sorted. */
  static Set<String> matching(String query) {
    Query q = Query.parse(query);
    Set<String> names = new TreeSet<>();
    ALL.forEach((name, annotation) -> {
      if (q.matches(annotation)) names.add(name);
    });
    return names;
  }

  static Set<String> names(String... names) {
    return new TreeSet<>(Set.of(names));
  }
}
