package io.datafs.core.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.util.Arrays;

/**
 * Canonical JSON of dataset metadata records, as of version records: sorted keys, no whitespace, so equal records hash
 * equal:
 * <pre>{"author":"ana","dataset":"cats","description":"Cats","format":1,"metadata":{"owner":"vision"},"number":2,
 * "parent":"9f2c...","time":"2026-12-07T05:04:38.123456Z"}</pre>
 */
public final class DatasetMetaCodec {
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private DatasetMetaCodec() {}

  public static byte[] encode(DatasetMetaRecord r) {
    try {
      return CANONICAL.writeValueAsBytes(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a dataset metadata record", e);
    }
  }

  public static DatasetMeta seal(DatasetMetaRecord r) {
    return new DatasetMeta(ObjectId.hash(encode(r)), r);
  }

  /**
   * Decodes a stored or fetched record; its id is the hash of exactly those bytes, which must be the canonical JSON of
   * what they hold (anything else was not written by datafs).
   *
   * @throws CorruptObjectException naming {@code where} when it is not
   */
  public static DatasetMeta decode(byte[] json, String where) {
    ObjectId id = ObjectId.hash(json);
    DatasetMetaRecord r;
    try {
      r = CANONICAL.readValue(json, DatasetMetaRecord.class);
    } catch (IOException e) {
      throw new CorruptObjectException(id, "dataset metadata record " + where + " is unreadable");
    }
    if (r == null || r.dataset() == null || !Arrays.equals(encode(r), json)) {
      throw new CorruptObjectException(id, "dataset metadata record " + where + " is not canonical JSON");
    }
    return new DatasetMeta(id, r);
  }
}
