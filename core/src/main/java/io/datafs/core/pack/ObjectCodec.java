package io.datafs.core.pack;

import com.github.luben.zstd.Zstd;
import io.datafs.core.id.ObjectId;
import java.util.Arrays;

/**
 * Chooses and applies an object's stored form. Stateless and thread-safe.
 *
 * <p>zstd is used only when it saves at least 10%: most ML data (JPEG, PNG, npz) is already
 * compressed, and storing it raw keeps reads a plain copy. So that such data does not cost a zstd
 * pass, an object over 64 KiB is first judged by compressing 8 KiB from its middle at level 1, which
 * tells random from compressible data at a fraction of the cost. A RAW result shares the caller's array.
 */
public final class ObjectCodec {
  /**
   * zstd level 3: on text-like data ~230 MB/s storing 32.7%, against level 1 at ~270 MB/s storing 36.1%
   * (ObjectCodecPerfTest).
   */
  static final int LEVEL = 3;
  private static final int SAMPLE_ABOVE = 64 << 10;
  /** Smaller objects are not worth a zstd frame (and a compression context) at all. */
  private static final int COMPRESS_FROM = 512;
  private static final int SAMPLE_LENGTH = 8 << 10;
  private static final int SAMPLE_LEVEL = 1;

  private ObjectCodec() {}

  public static Encoded encode(byte[] raw, int off, int len) {
    if (len > SAMPLE_ABOVE && !worthCompressing(raw, off + (len - SAMPLE_LENGTH) / 2, SAMPLE_LENGTH)) {
      return raw(raw, off, len);
    }
    if (len >= COMPRESS_FROM) {
      byte[] dst = new byte[(int) Zstd.compressBound(len)];
      long n = Zstd.compressByteArray(dst, 0, dst.length, raw, off, len, LEVEL);
      if (Zstd.isError(n)) throw new IllegalStateException("zstd failed: " + Zstd.getErrorName(n));
      if (savesEnough(n, len)) {
        // Drop the slack of the worst-case buffer: encoded objects may queue up in memory.
        return new Encoded(Codec.ZSTD, Arrays.copyOf(dst, (int) n), (int) n, len);
      }
    }
    return raw(raw, off, len);
  }

  /**
   * The raw bytes of the object {@code e} from its stored bytes at the start of {@code stored} (which may be longer),
   * if they decode to exactly the object: its length, and its id as SHA-256; else null (damaged in transit or at
   * rest). An object stored as-is is checked in place: {@code stored} itself is returned.
   */
  public static byte[] decodeChecked(PackEntry e, byte[] stored) {
    if (stored.length < e.storedLength()) return null;
    try {
      if (e.codec() == Codec.RAW) {
        if (e.storedLength() != e.rawLength()) return null;
        return ObjectId.hash(stored, 0, e.rawLength()).equals(e.id()) ? stored : null;
      }
      byte[] raw = decode(e.codec(), stored, 0, e.storedLength(), e.rawLength());
      return ObjectId.hash(raw).equals(e.id()) ? raw : null;
    } catch (IllegalArgumentException damaged) {
      return null;
    }
  }

  /**
   * Decodes {@code stored[off, off+len)} to exactly {@code rawLength} bytes.
   *
   * @throws IllegalArgumentException when the bytes do not decode to exactly rawLength bytes
   *     (damaged stored bytes, or a wrong length); never an I/O error
   */
  public static byte[] decode(Codec codec, byte[] stored, int off, int len, int rawLength) {
    if (rawLength < 0) throw new IllegalArgumentException("negative raw length " + rawLength);
    if (codec == Codec.RAW) {
      if (len != rawLength) throw new IllegalArgumentException("raw object of " + len + " bytes, expected "
          + rawLength);
      return Arrays.copyOfRange(stored, off, off + len);
    }
    byte[] raw = new byte[rawLength];
    long n;
    try {
      n = Zstd.decompressByteArray(raw, 0, rawLength, stored, off, len);
    } catch (RuntimeException e) { // zstd-jni reports some failures as ZstdException
      throw new IllegalArgumentException("zstd cannot decode the object: " + e.getMessage(), e);
    }
    if (Zstd.isError(n)) throw new IllegalArgumentException("zstd cannot decode the object: " + Zstd.getErrorName(n));
    if (n != rawLength) throw new IllegalArgumentException("zstd object decodes to " + n + " bytes, expected "
        + rawLength);
    return raw;
  }

  private static boolean worthCompressing(byte[] raw, int off, int len) {
    byte[] dst = new byte[(int) Zstd.compressBound(len)];
    long n = Zstd.compressByteArray(dst, 0, dst.length, raw, off, len, SAMPLE_LEVEL);
    return !Zstd.isError(n) && savesEnough(n, len);
  }

  /** Stored at most 90% of raw. */
  private static boolean savesEnough(long stored, int raw) {
    return stored * 10 <= raw * 9L;
  }

  private static Encoded raw(byte[] raw, int off, int len) {
    return new Encoded(Codec.RAW, raw, off, len, len);
  }
}
