package io.datafs.core.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable version of a dataset. Its id is the SHA-256 of its canonical JSON ({@link VersionCodec}).
 *
 * @param root     id of the root directory's page (hex)
 * @param parent   id of the previous version (hex), null for the first
 * @param time     ISO-8601 UTC instant of creation
 * @param metadata user key/values, sorted
 * @param composed how a composed version was made; null (and absent from the JSON, so ids of versions made before
 *                 it existed stay what they were) for any other version
 * @param source   where an imported version came from; null, and absent from the JSON as {@code composed} is, for any
 *                 other version
 */
public record VersionRecord(
    int format, String dataset, long number, String root, String parent, String message, String author,
    String time, Map<String, String> metadata, Totals totals,
    @JsonInclude(JsonInclude.Include.NON_NULL) Composition composed,
    @JsonInclude(JsonInclude.Include.NON_NULL) ImportSource source) {
  public static final int FORMAT = 1;

  public VersionRecord {
    metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
  }

  /** A version neither composed nor imported. */
  public VersionRecord(int format, String dataset, long number, String root, String parent, String message,
                       String author, String time, Map<String, String> metadata, Totals totals) {
    this(format, dataset, number, root, parent, message, author, time, metadata, totals, null, null);
  }

  /** A version that was not imported from another registry. */
  public VersionRecord(int format, String dataset, long number, String root, String parent, String message,
                       String author, String time, Map<String, String> metadata, Totals totals, Composition composed) {
    this(format, dataset, number, root, parent, message, author, time, metadata, totals, composed, null);
  }

  public DatasetName datasetName() {
    return new DatasetName(dataset);
  }
}
