package io.datafs.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.version.DatasetName;
import java.util.Map;
import java.util.TreeMap;

/**
 * One state of a dataset's own metadata (DataFS's archive metadata: a description and key/values), as {@code dataset
 * create} and each {@code dataset set} leave it. Records of a dataset are numbered 1, 2, ... and each names the one
 * before it, as version records do, so the history is a chain; each holds the whole state, not a change. Its id is the
 * SHA-256 of its canonical JSON ({@link DatasetMetaCodec}).
 *
 * @param number   1 for the record {@code dataset create} (or the first {@code set}) makes, then one more per set
 * @param parent   id of the record before (hex), null for the first
 * @param metadata the key/values, sorted; no key is {@code description}, which is the description's own field
 * @param time     ISO-8601 UTC instant it was set
 */
public record DatasetMetaRecord(int format, String dataset, long number, String parent, String description,
                                Map<String, String> metadata, String author, String time) {
  public static final int FORMAT = 1;

  public DatasetMetaRecord {
    metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
    description = description == null ? "" : description;
  }

  public DatasetName datasetName() {
    return new DatasetName(dataset);
  }

  /**
   * What {@code datasets --where} queries: {@code {"description": ..., "<key>": "<value>", ...}}, every value a
   * string.
   */
  public JsonNode queryable() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("description", description);
    metadata.forEach(o::put);
    return o;
  }
}
