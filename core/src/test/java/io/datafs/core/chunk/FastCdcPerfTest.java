package io.datafs.core.chunk;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints chunking speed; asserts nothing. Run with {@code mvn -pl core test -Dtest=FastCdcPerfTest -Dgroups=perf
 * -DexcludedTestGroups=}.
 */
@Tag("perf")
class FastCdcPerfTest {
  @Test
  void cutThroughput() {
    byte[] data = FastCdcTest.random(99, 64 << 20);
    FastCdc cdc = new FastCdc(ChunkerParams.DEFAULT);
    double best = 0;
    long chunks = 0;
    for (int round = 0; round < 12; round++) {
      long t0 = System.nanoTime();
      chunks = 0;
      for (int off = 0; off < data.length; chunks++) off += cdc.cut(data, off, data.length - off);
      double mbPerS = data.length / 1e6 / ((System.nanoTime() - t0) / 1e9);
      best = Math.max(best, mbPerS);
    }
    System.out.printf(
        "FastCdc.cut, random data, default params: %.0f MB/s of input (best of 12; %d chunks of %d KiB mean)%n",
        best, chunks, data.length / chunks >> 10);
    FastCdc small = new FastCdc(FastCdcTest.SMALL);
    best = 0;
    for (int round = 0; round < 12; round++) {
      long t0 = System.nanoTime();
      for (int off = 0; off < data.length; ) off += small.cut(data, off, data.length - off);
      best = Math.max(best, data.length / 1e6 / ((System.nanoTime() - t0) / 1e9));
    }
    System.out.printf("FastCdc.cut, random data, 2K/8K/32K params: %.0f MB/s of input%n", best);
  }
}
