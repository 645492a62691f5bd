package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * LDB's {@code --file} filter: the query language over a file's attributes, the object
 * {@code {"PATH": path, "NAME": last element, "SIZE": bytes, "MTIME": seconds since the epoch}}, with sizes
 * ({@code 10K}) and dates ({@code 2024-01-01}) as extra targets. Immutable, thread-safe, compiled once.
 */
public final class FileQuery {
  private final String text;
  private final Condition condition;

  private FileQuery(String text, Condition condition) {
    this.text = text;
    this.condition = condition;
  }

  /** @throws QueryParseException naming the column and what was expected there */
  public static FileQuery parse(String text) {
    Objects.requireNonNull(text, "text");
    return new FileQuery(text, QueryParser.parse("file filter", text, FileTargetReader.FILES));
  }

  /**
   * Whether the file's attributes make the filter true.
   *
   * @param path the dataset path, "/"-separated, relative
   * @throws QueryEvaluationException when a JMESPath function fails on them
   */
  public boolean matches(String path, long size, long mtimeNanos) {
    ObjectNode attributes = JsonNodeFactory.instance.objectNode();
    attributes.put("PATH", path);
    attributes.put("NAME", path.substring(path.lastIndexOf('/') + 1));
    attributes.put("SIZE", size);
    attributes.set("MTIME", seconds(Math.floorDiv(mtimeNanos, 1_000_000_000L), (int) Math.floorMod(mtimeNanos,
        1_000_000_000L)));
    return condition.test(attributes);
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Seconds since the epoch as a JSON number: whole seconds exactly, a fraction as a double. */
  static JsonNode seconds(long epochSecond, int nanos) {
    return nanos == 0 ? LongNode.valueOf(epochSecond) : DoubleNode.valueOf(epochSecond + nanos / 1e9);
  }
}
