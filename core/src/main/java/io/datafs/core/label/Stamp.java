package io.datafs.core.label;

import io.datafs.core.id.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;

/**
 * The event that last set one label of one object, and whether it added or removed it. Stamps are ordered by
 * (time, event id): a total order every store computes alike, so the winner of each (object, label) does not depend
 * on the order events arrived in (a last-writer-wins element set).
 */
record Stamp(Instant time, ObjectId event, boolean add) implements Comparable<Stamp> {
  static final int LENGTH = 8 + 4 + 1 + ObjectId.LENGTH;
  private static final Comparator<Stamp> ORDER = Comparator.comparing(Stamp::time).thenComparing(Stamp::event);

  @Override
  public int compareTo(Stamp o) {
    return ORDER.compare(this, o);
  }

  boolean isAfter(Stamp other) {
    return other == null || compareTo(other) > 0;
  }

  /** seconds (8 bytes BE), nanoseconds (4), add (1), event id (32). */
  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.putLong(time.getEpochSecond()).putInt(time.getNano()).put((byte) (add ? 1 : 0));
    event.writeTo(b);
    return b.array();
  }

  static Stamp decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    Instant time = Instant.ofEpochSecond(b.getLong(), b.getInt());
    boolean add = b.get() != 0;
    return new Stamp(time, ObjectId.read(b), add);
  }

  /** Whether encoded stamp bytes say the label is on, without decoding the rest. */
  static boolean adds(byte[] bytes) {
    return bytes[12] != 0;
  }
}
