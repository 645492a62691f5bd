package io.datafs.core.pack;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The pack file format, version 2: also what remotes store. All integers big-endian.
 *
 * <pre>
 * header   magic "DFSPACK\0" (8) | format version (1) = 2 | kind (1): 1 DATA, 2 METADATA
 * records  one per object, in the order written:
 *          id (32) | type (1) | codec (1) | rawLength (4) | storedLength (4) | crc32c (4) | stored bytes
 * index    entry count (4), then the entries sorted by id:
 *          id (32) | type (1) | codec (1) | offset (8) | storedLength (4) | rawLength (4) | crc32c (4)
 *          where offset is the position of the object's stored bytes, so one ranged read fetches them
 * footer   index offset (8) | index length (4) | CRC32C of the index bytes (4) | magic "DFSPIDX\0" (8)
 * </pre>
 *
 * <p>The pack's id is the SHA-256 of its index bytes, and its name is that id in hex. As git names a
 * pack by its object ids, this commits to everything the pack holds, since the index names every
 * object by the SHA-256 of its content, and each object can be checked against its id when it is read;
 * and it costs no hashing pass over the pack's bytes while they are written. Records repeat what
 * the index says so that a pack whose trailer is lost can still be salvaged by a scan. The CRC32C of each
 * object's stored bytes lets local reads check them at memory speed (version 1 had none).
 */
public final class PackFormat {
  public static final int VERSION = 2;
  public static final int HEADER_LENGTH = 8 + 1 + 1;
  public static final int RECORD_HEADER_LENGTH = 32 + 1 + 1 + 4 + 4 + 4;
  public static final int FOOTER_LENGTH = 8 + 4 + 4 + 8;
  private static final byte[] MAGIC = "DFSPACK\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INDEX_MAGIC = "DFSPIDX\0".getBytes(StandardCharsets.US_ASCII);

  private PackFormat() {}

  /** The last bytes of a pack: where its index is and the index's checksum. */
  public record Footer(long indexOffset, int indexLength, int indexCrc) {
    public byte[] encode() {
      return ByteBuffer.allocate(FOOTER_LENGTH).putLong(indexOffset).putInt(indexLength).putInt(indexCrc)
          .put(INDEX_MAGIC).array();
    }

    /** @throws IllegalArgumentException when the bytes are not a footer */
    public static Footer decode(byte[] bytes) {
      if (bytes.length != FOOTER_LENGTH || !Arrays.equals(bytes, FOOTER_LENGTH - 8, FOOTER_LENGTH, INDEX_MAGIC, 0, 8)) {
        throw new IllegalArgumentException("no pack footer (magic DFSPIDX) at the end");
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new Footer(b.getLong(), b.getInt(), b.getInt());
    }
  }

  /** What the trailer of a pack file says. */
  record Contents(PackKind kind, long indexOffset, List<PackEntry> entries) {}

  static byte[] header(PackKind kind) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put((byte) VERSION).put((byte) kind.code()).array();
  }

  static byte[] recordHeader(PackEntry e) {
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_LENGTH);
    e.id().writeTo(b);
    b.put((byte) e.type().code()).put((byte) e.codec().code()).putInt(e.rawLength()).putInt(e.storedLength())
        .putInt(e.crc32c());
    return b.array();
  }

  static int crc32c(byte[] bytes) {
    return crc32c(bytes, 0, bytes.length);
  }

  /** The CRC32C of {@code bytes[offset, offset+length)}, as packs and the chunk cache record it. */
  public static int crc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** The CRC32C of the bytes from {@code b}'s position to its limit; leaves {@code b} as it was. */
  static int crc32c(ByteBuffer b) {
    CRC32C crc = new CRC32C();
    crc.update(b.duplicate());
    return (int) crc.getValue();
  }

  /**
   * Reads and checks the header, footer and index of a pack file of {@code size} bytes.
   *
   * @throws IllegalArgumentException when they are damaged
   */
  static Contents read(FileChannel ch, long size) throws IOException {
    if (size < HEADER_LENGTH + 4 + FOOTER_LENGTH) throw new IllegalArgumentException("too short for a pack: " + size
        + " bytes");
    byte[] header = readFully(ch, 0, HEADER_LENGTH);
    if (!Arrays.equals(header, 0, 8, MAGIC, 0, 8)) throw new IllegalArgumentException(
        "no pack header (magic DFSPACK) at the start");
    if (header[8] != VERSION) throw new IllegalArgumentException("unknown pack format version " + header[8]);
    PackKind kind = PackKind.ofCode(header[9]);

    Footer footer = Footer.decode(readFully(ch, size - FOOTER_LENGTH, FOOTER_LENGTH));
    long indexOffset = footer.indexOffset();
    if (indexOffset < HEADER_LENGTH || footer.indexLength() < 4
        || indexOffset + footer.indexLength() != size - FOOTER_LENGTH) {
      throw new IllegalArgumentException("footer places the index at " + indexOffset + "+" + footer.indexLength()
          + " in " + size + " bytes");
    }
    byte[] index = readFully(ch, indexOffset, footer.indexLength());
    if (crc32c(index) != footer.indexCrc()) throw new IllegalArgumentException("index checksum mismatch");
    List<PackEntry> entries = PackIndex.decode(index);
    for (PackEntry e : entries) {
      if (e.offset() < HEADER_LENGTH + RECORD_HEADER_LENGTH || e.offset() + e.storedLength() > indexOffset) {
        throw new IllegalArgumentException("index places object " + e.id() + " outside the records");
      }
    }
    return new Contents(kind, indexOffset, entries);
  }

  /** Positional read of exactly {@code length} bytes; safe to call from several threads at once. */
  static byte[] readFully(FileChannel ch, long position, int length) throws IOException {
    byte[] bytes = new byte[length];
    readFully(ch, position, bytes, length);
    return bytes;
  }

  /** Positional read of exactly {@code length} bytes into the start of {@code dst}. */
  static void readFully(FileChannel ch, long position, byte[] dst, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst, 0, length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new EOFException("end of file at " + (position + b.position()) + ", wanted " + length + " bytes from "
            + position);
      }
    }
  }
}
