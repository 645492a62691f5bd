package io.datafs.core.tree;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import java.util.Arrays;

/** Reads the primitives of the page format, turning every malformation into a {@link CorruptObjectException}. */
final class ByteReader {
  private final ObjectId pageId;
  private final byte[] buf;
  private int pos;

  ByteReader(ObjectId pageId, byte[] buf) {
    this.pageId = pageId;
    this.buf = buf;
  }

  CorruptObjectException corrupt(String detail) {
    return new CorruptObjectException(pageId, "tree page " + pageId + " is corrupt: " + detail);
  }

  int remaining() {
    return buf.length - pos;
  }

  int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  /** Unsigned LEB128, refusing overlong encodings so that every value has exactly one encoding. */
  long readVarint() {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int b = readByte();
      if (shift == 63 && b > 1) throw corrupt("varint overflows 64 bits");
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) throw corrupt("varint is not minimal");
        return v;
      }
    }
  }

  long readSignedVarint() {
    long v = readVarint();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A varint that must lie in [min, max]. */
  int readInt(int min, int max, String what) {
    long v = readVarint();
    if (v < min || v > max) throw corrupt(what + " " + Long.toUnsignedString(v) + " is out of range");
    return (int) v;
  }

  byte[] readBytes(int n) {
    need(n);
    byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  ObjectId readId() {
    need(ObjectId.LENGTH);
    ObjectId id = ObjectId.read(buf, pos);
    pos += ObjectId.LENGTH;
    return id;
  }

  private void need(int n) {
    if (n > buf.length - pos) throw corrupt("truncated at byte " + pos);
  }
}
