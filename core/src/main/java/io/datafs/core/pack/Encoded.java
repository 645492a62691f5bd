package io.datafs.core.pack;

import java.util.Objects;

/**
 * An object's stored form, {@code bytes[0, length)}, and the length it decodes to. The array may be
 * longer than {@code length} (a compression buffer kept without copying).
 */
public record Encoded(Codec codec, byte[] bytes, int length, int rawLength) {
  public Encoded {
    Objects.requireNonNull(codec, "codec");
    if (length < 0 || length > bytes.length || rawLength < 0) {
      throw new IllegalArgumentException("bad encoded lengths " + length + "/" + bytes.length + "/" + rawLength);
    }
    if (codec == Codec.RAW && length != rawLength) throw new IllegalArgumentException("a RAW object stores exactly its raw bytes: " + length + " != " + rawLength);
  }
}
