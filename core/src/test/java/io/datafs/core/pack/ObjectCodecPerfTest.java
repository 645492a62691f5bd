package io.datafs.core.pack;

import com.github.luben.zstd.Zstd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints codec speeds and zstd levels compared; asserts nothing. Run with {@code -Dtest=ObjectCodecPerfTest
 * -Dgroups=perf -DexcludedTestGroups=}.
 */
@Tag("perf")
class ObjectCodecPerfTest {
  private static final int CHUNK = 1 << 20;
  private static final int TOTAL = 64 << 20;

  @Test
  void encodeThroughput() {
    byte[] random = TestData.random(1, TOTAL);
    byte[] text = TestData.text(2, TOTAL);
    System.out.printf("ObjectCodec.encode, random, 1 MiB objects: %.0f MB/s%n", encodeMbPerS(random));
    System.out.printf("ObjectCodec.encode, text-like, 1 MiB objects: %.0f MB/s, level %d%n", encodeMbPerS(text),
        ObjectCodec.LEVEL);

    Encoded e = ObjectCodec.encode(text, 0, CHUNK);
    double best = 0;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 64; i++) ObjectCodec.decode(e.codec(), e.bytes(), 0, e.length(), e.rawLength());
      best = Math.max(best, 64.0 * CHUNK / 1e6 / ((System.nanoTime() - t0) / 1e9));
    }
    System.out.printf("ObjectCodec.decode, text-like: %.0f MB/s of raw output%n", best);

    for (int level : new int[] {1, 2, 3, 4, 6, 9}) {
      byte[] dst = new byte[(int) Zstd.compressBound(CHUNK)];
      long stored = 0;
      double bestLevel = 0;
      for (int round = 0; round < 3; round++) {
        stored = 0;
        long t0 = System.nanoTime();
        for (int off = 0; off < TOTAL; off += CHUNK) stored += Zstd.compressByteArray(dst, 0, dst.length, text, off,
            CHUNK, level);
        bestLevel = Math.max(bestLevel, TOTAL / 1e6 / ((System.nanoTime() - t0) / 1e9));
      }
      System.out.printf("zstd level %d on text-like data: %.0f MB/s, stored %.1f%%%n", level, bestLevel,
          100.0 * stored / TOTAL);
    }
  }

  private static double encodeMbPerS(byte[] data) {
    double best = 0;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int off = 0; off < data.length; off += CHUNK) ObjectCodec.encode(data, off, CHUNK);
      best = Math.max(best, data.length / 1e6 / ((System.nanoTime() - t0) / 1e9));
    }
    return best;
  }
}
