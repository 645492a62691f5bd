package io.datafs.core.label;

import io.datafs.core.id.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The key layout of table {@code LABELS}, one kind of row per leading byte:
 * <pre>
 * "e" event-id            -> the event's canonical JSON (what push uploads, byte for byte)
 * "k" event-id            -> the event's time (12 bytes): which events are known, listed without reading bodies
 * "s" object-id label     -> the {@link Stamp} that last set that label of that object (on or off)
 * "c"                     -> the latest event time known here (12 bytes): new events are stamped after it
 * </pre>
 * An object's stamps sit together and sorted by label, so its labels are one short prefix scan and whether it has
 * one is one point get. A removed label keeps its stamp (a tombstone): an older "add" arriving later must lose to it.
 */
final class LabelRows {
  static final byte[] CLOCK = {'c'};
  static final byte[] KNOWN = {'k'};
  private static final char STAMP = 's';
  private static final int TIME_LENGTH = 12;

  private LabelRows() {}

  static byte[] event(ObjectId id) {
    return withId('e', id);
  }

  static byte[] known(ObjectId id) {
    return withId('k', id);
  }

  /** The id in an "e" or "k" key. */
  static ObjectId idOf(byte[] key) {
    return ObjectId.read(key, 1);
  }

  static byte[] stamps(ObjectId object) {
    return withId(STAMP, object);
  }

  static byte[] stamp(ObjectId object, LabelName label) {
    byte[] name = label.value().getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[1 + ObjectId.LENGTH + name.length];
    key[0] = STAMP;
    object.writeTo(key, 1);
    System.arraycopy(name, 0, key, 1 + ObjectId.LENGTH, name.length);
    return key;
  }

  /** The label in an "s" key. */
  static String labelOf(byte[] stampKey) {
    int from = 1 + ObjectId.LENGTH;
    return new String(stampKey, from, stampKey.length - from, StandardCharsets.US_ASCII);
  }

  static byte[] time(Instant t) {
    return ByteBuffer.allocate(TIME_LENGTH).putLong(t.getEpochSecond()).putInt(t.getNano()).array();
  }

  static Instant time(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return Instant.ofEpochSecond(b.getLong(), b.getInt());
  }

  private static byte[] withId(char kind, ObjectId id) {
    byte[] key = new byte[1 + ObjectId.LENGTH];
    key[0] = (byte) kind;
    id.writeTo(key, 1);
    return key;
  }
}
