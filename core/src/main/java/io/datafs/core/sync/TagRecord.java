package io.datafs.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A tag as a remote keeps it in {@code tags/<ds>/<tag>.json}: which version number it names and that version's id,
 * so a tag can never silently come to name another version. Sorted keys, no whitespace:
 * <pre>{"dataset":"cats","id":"9f2c...","tag":"release-1","version":2}</pre>
 */
public record TagRecord(DatasetName dataset, TagName tag, long version, ObjectId id) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static TagRecord of(Version v, TagName tag) {
    return new TagRecord(v.record().datasetName(), tag, v.record().number(), v.id());
  }

  public byte[] encode() {
    ObjectNode o = JSON.createObjectNode();
    o.put("dataset", dataset.value()).put("id", id.hex()).put("tag", tag.value()).put("version", version);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a tag read from a remote; {@code where} names it in errors. */
  public static TagRecord decode(byte[] bytes, String where) {
    try {
      JsonNode o = JSON.readTree(bytes);
      if (o == null || !o.path("version").canConvertToLong()) throw new InvalidInputException("no version number");
      return new TagRecord(new DatasetName(o.path("dataset").asText()), new TagName(o.path("tag").asText()),
          o.path("version").asLong(), ObjectId.fromHex(o.path("id").asText()));
    } catch (IOException | RuntimeException e) { // a damaged name is as damaged as bad JSON
      throw new InvalidInputException("tag " + where + " is damaged: " + e.getMessage());
    }
  }
}
