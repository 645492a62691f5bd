package io.datafs.core.pack;

import io.datafs.core.id.ObjectId;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A pack's index trailer on its own (see {@link PackFormat}): entry count (4), then per entry,
 * sorted by id: id (32) | type (1) | codec (1) | offset (8) | storedLength (4) | rawLength (4) | crc32c (4).
 */
public final class PackIndex {
  public static final int ENTRY_LENGTH = ObjectId.LENGTH + 1 + 1 + 8 + 4 + 4 + 4;

  private PackIndex() {}

  /** @param sortedEntries strictly ascending by id */
  public static byte[] encode(List<PackEntry> sortedEntries) {
    ByteBuffer b = ByteBuffer.allocate(4 + ENTRY_LENGTH * sortedEntries.size());
    b.putInt(sortedEntries.size());
    PackEntry previous = null;
    for (PackEntry e : sortedEntries) {
      if (previous != null && previous.id().compareTo(e.id()) >= 0) {
        throw new IllegalArgumentException("pack index entries must be sorted by id, without repeats: " + e.id());
      }
      e.id().writeTo(b);
      b.put((byte) e.type().code()).put((byte) e.codec().code());
      b.putLong(e.offset()).putInt(e.storedLength()).putInt(e.rawLength()).putInt(e.crc32c());
      previous = e;
    }
    return b.array();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a well-formed index (wrong length, unknown codes,
   *     unsorted ids)
   */
  public static List<PackEntry> decode(byte[] indexBytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(indexBytes);
      int count = b.getInt();
      if (count < 0 || (long) count * ENTRY_LENGTH != b.remaining()) {
        throw new IllegalArgumentException("an index of " + indexBytes.length + " bytes cannot hold " + count
            + " entries");
      }
      List<PackEntry> entries = new ArrayList<>(count);
      ObjectId previous = null;
      for (int i = 0; i < count; i++) {
        ObjectId id = ObjectId.read(b);
        if (previous != null && previous.compareTo(id) >= 0) throw new IllegalArgumentException(
            "index ids out of order at " + id);
        PackEntry e = new PackEntry(id, ObjectType.ofCode(b.get()), Codec.ofCode(b.get()), b.getLong(), b.getInt(),
            b.getInt(), b.getInt());
        if (e.offset() < 0 || e.storedLength() < 0 || e.rawLength() < 0) throw new IllegalArgumentException(
            "negative position in index entry " + id);
        entries.add(e);
        previous = id;
      }
      return List.copyOf(entries);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("index truncated at " + indexBytes.length + " bytes");
    }
  }
}
