package io.datafs.core.version;

import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable version of a dataset. Its id is the SHA-256 of its canonical JSON ({@link VersionCodec}).
 *
 * @param root     id of the root directory's page (hex)
 * @param parent   id of the previous version (hex), null for the first
 * @param time     ISO-8601 UTC instant of creation
 * @param metadata user key/values, sorted
 */
public record VersionRecord(
    int format, String dataset, long number, String root, String parent, String message, String author,
    String time, Map<String, String> metadata, Totals totals) {
  public static final int FORMAT = 1;

  public VersionRecord {
    metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
  }

  public DatasetName datasetName() {
    return new DatasetName(dataset);
  }
}
