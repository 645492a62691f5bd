package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.Arrays;

/** A growable byte buffer with the primitives of the page format. */
final class ByteWriter {
  private byte[] buf = new byte[256];
  private int len;

  void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  /** Unsigned LEB128: 7 bits per byte, low bits first; minimal length. */
  void writeVarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  /** Zigzag then varint, so that small negative numbers stay short. */
  void writeSignedVarint(long v) {
    writeVarint((v << 1) ^ (v >> 63));
  }

  void writeBytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  void writeId(ObjectId id) {
    ensure(ObjectId.LENGTH);
    id.writeTo(buf, len);
    len += ObjectId.LENGTH;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }
}
