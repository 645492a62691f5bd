package io.datafs.core.version;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import java.io.IOException;

/** Canonical JSON of version records: sorted keys, no whitespace, so equal records hash equal. */
public final class VersionCodec {
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private VersionCodec() {}

  public static byte[] encode(VersionRecord r) {
    try {
      return CANONICAL.writeValueAsBytes(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode version record", e);
    }
  }

  public static Version seal(VersionRecord r) {
    return new Version(ObjectId.hash(encode(r)), r);
  }

  /** Decodes stored JSON; its id is the hash of exactly those bytes. */
  public static Version decode(byte[] json) {
    return decode(ObjectId.hash(json), json);
  }

  /** Decodes stored JSON and checks it still hashes to {@code expected}. */
  public static Version decode(ObjectId expected, byte[] json) {
    if (!ObjectId.hash(json).equals(expected)) {
      throw new CorruptObjectException(expected, "version record " + expected.shortHex(12) + " is corrupt");
    }
    try {
      return new Version(expected, CANONICAL.readValue(json, VersionRecord.class));
    } catch (IOException e) {
      throw new CorruptObjectException(expected, "version record " + expected.shortHex(12) + " is unreadable");
    }
  }
}
