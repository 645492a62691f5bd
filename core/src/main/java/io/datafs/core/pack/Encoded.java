package io.datafs.core.pack;

import java.util.Objects;

/**
 * An object's stored form, {@code bytes[offset, offset+length)}, and the length it decodes to. A RAW
 * encoding shares the caller's array rather than copying it, so it must be written before the caller
 * reuses that array; a ZSTD encoding owns its array.
 */
public record Encoded(Codec codec, byte[] bytes, int offset, int length, int rawLength) {
  public Encoded {
    Objects.requireNonNull(codec, "codec");
    if (offset < 0 || length < 0 || offset + length > bytes.length || rawLength < 0) {
      throw new IllegalArgumentException("bad encoded range " + offset + "+" + length + "/" + bytes.length + "/"
          + rawLength);
    }
    if (codec == Codec.RAW && length != rawLength) throw new IllegalArgumentException(
        "a RAW object stores exactly its raw bytes: " + length + " != " + rawLength);
  }

  public Encoded(Codec codec, byte[] bytes, int length, int rawLength) {
    this(codec, bytes, 0, length, rawLength);
  }
}
