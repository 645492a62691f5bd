package io.datafs.core.chunk;

import io.datafs.core.id.ObjectId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * FastCDC 2020 with normalized chunking, level 2: content-defined cut points, so an insertion in a
 * file changes only the chunks around it.
 *
 * <p>Cut rule (part of the store format, like the gear table): the first {@code min} bytes of a chunk
 * are skipped unhashed; then, starting from h = 0, each byte b updates the gear hash
 * {@code h = (h << 1) + GEAR[b]}, and the chunk ends just after the first byte where the top bits of h
 * are all zero: the top log2(avg)+2 bits before offset {@code avg} (hard to match, so chunks rarely
 * end early), the top log2(avg)-2 bits from {@code avg} on (easy to match, so they rarely grow long).
 * High bits because bit 63-k of h depends on the last 64-k bytes, the low bits on only a few.
 * A chunk that finds no cut ends at {@code max} bytes.
 *
 * <p>Immutable and thread-safe.
 */
public final class FastCdc {
  /**
   * GEAR[i] = the first 8 bytes, big-endian, of SHA-256 of the ASCII string "datafs-gear-" + i
   * (i in decimal, 0..255). Never change it: every stored chunk boundary depends on it.
   */
  private static final long[] GEAR = gearTable();

  private final ChunkerParams params;
  private final int min;
  private final int avg;
  private final int max;
  private final long hardMask;
  private final long easyMask;

  public FastCdc(ChunkerParams params) {
    this.params = params;
    this.min = params.min();
    this.avg = params.avg();
    this.max = params.max();
    int bits = Integer.numberOfTrailingZeros(params.avg());
    this.hardMask = -1L << (64 - (bits + 2));
    this.easyMask = -1L << (64 - (bits - 2));
  }

  public ChunkerParams params() {
    return params;
  }

  /**
   * The length of the chunk that starts at {@code buf[off]}, given {@code len} bytes available there.
   * The caller passes at least {@code max} bytes unless the input ends sooner: the answer for a
   * shorter window is the end of input.
   */
  public int cut(byte[] buf, int off, int len) {
    if (len <= min) return len;
    int end = Math.min(len, max);
    int normal = Math.min(end, avg);
    // A plain loop: C2 unrolls it itself; a hand-unrolled version measured no faster.
    long h = 0;
    int i = min;
    for (; i < normal; i++) {
      h = (h << 1) + GEAR[buf[off + i] & 0xff];
      if ((h & hardMask) == 0) return i + 1;
    }
    for (; i < end; i++) {
      h = (h << 1) + GEAR[buf[off + i] & 0xff];
      if ((h & easyMask) == 0) return i + 1;
    }
    return end;
  }

  /** A gear table entry, exposed so a test can pin the table. */
  static long gear(int i) {
    return GEAR[i];
  }

  private static long[] gearTable() {
    long[] table = new long[256];
    MessageDigest md = ObjectId.sha256();
    for (int i = 0; i < 256; i++) {
      byte[] d = md.digest(("datafs-gear-" + i).getBytes(StandardCharsets.US_ASCII));
      long v = 0;
      for (int k = 0; k < 8; k++) v = (v << 8) | (d[k] & 0xff);
      table[i] = v;
    }
    return table;
  }
}
