package io.datafs.core.id;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 content id: of a chunk's raw bytes, a whole file's content, an encoded tree page,
 * a pack file, or a version's canonical JSON. Immutable; compares by value and sorts by bytes.
 */
public final class ObjectId implements Comparable<ObjectId> {
  public static final int LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hash;

  private ObjectId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  public static ObjectId of(byte[] bytes) {
    if (bytes.length != LENGTH) throw new IllegalArgumentException("an object id has 32 bytes, not " + bytes.length);
    return new ObjectId(bytes.clone());
  }

  public static ObjectId read(ByteBuffer in) {
    byte[] b = new byte[LENGTH];
    in.get(b);
    return new ObjectId(b);
  }

  public static ObjectId read(byte[] src, int offset) {
    return new ObjectId(Arrays.copyOfRange(src, offset, offset + LENGTH));
  }

  public static ObjectId fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) throw new IllegalArgumentException("an object id has 64 hex digits: " + hex);
    return new ObjectId(HEX.parseHex(hex));
  }

  /** SHA-256 of {@code data[off, off+len)}. */
  public static ObjectId hash(byte[] data, int off, int len) {
    MessageDigest md = sha256();
    md.update(data, off, len);
    return new ObjectId(md.digest());
  }

  public static ObjectId hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  /** Wraps a finished digest. */
  public static ObjectId fromDigest(MessageDigest md) {
    return new ObjectId(md.digest());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The id of the empty content: every empty file has it. */
  public static final ObjectId EMPTY = hash(new byte[0]);

  public byte[] toBytes() {
    return bytes.clone();
  }

  public void writeTo(ByteBuffer out) {
    out.put(bytes);
  }

  public void writeTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, LENGTH);
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** The first {@code n} hex digits, for display. */
  public String shortHex(int n) {
    return hex().substring(0, n);
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(ObjectId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
