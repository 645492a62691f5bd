package io.datafs.fs.fuse;

import static io.datafs.fs.fuse.FuseTestSupport.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.fs.fuse.FuseTestSupport.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequential read of a 256 MiB file through a real mount with dd bs=1M, twice: a measurement
 * (printed, not asserted). The second pass should come from the page cache (kernel_cache), which
 * the fake's read-callback count shows ({@link FuseKernelCacheTest} asserts it). Run with
 * {@code mvn -pl fs-daemon test -Dgroups=perf -DexcludedTestGroups=}.
 */
@Tag("perf")
class FuseReadThroughputTest {
  @TempDir Path tmp;

  @Test
  void sequentialReadTwice() throws Exception {
    FuseTestSupport.requireFuse();
    FakeFs fs = FuseTestSupport.sample();
    long size = FuseTestSupport.HUGE.size();
    byte[] buf = new byte[131072];
    long t0 = System.nanoTime();
    for (long off = 0; off < size; off += buf.length) FuseTestSupport.HUGE.read(off, buf, buf.length);
    System.out.printf("fake filesystem alone, 128 KiB reads: %.0f MB/s%n",
        size / 1e6 / ((System.nanoTime() - t0) / 1e9));

    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (FuseMount m = FuseMount.mount(fs, mnt, "datafs:perf", Duration.ofSeconds(20))) {
      for (int pass = 1; pass <= 2; pass++) {
        long calls = fs.readCalls.get(), bytes = fs.readBytes.get();
        long start = System.nanoTime();
        Result dd = sh(mnt, "dd", "if=perf/256.bin", "of=/dev/null", "bs=1M");
        double secs = (System.nanoTime() - start) / 1e9;
        assertEquals(0, dd.exit(), dd.err());
        String ddRate = dd.err().lines().reduce((a, b) -> b).orElse("");
        System.out.printf("pass %d: %.0f MB/s (%.3f s); read callbacks %d, bytes through the JVM %d MiB; dd: %s%n",
            pass, size / 1e6 / secs, secs, fs.readCalls.get() - calls, (fs.readBytes.get() - bytes) >> 20, ddRate);
      }
    } finally {
      FuseMount.forceUnmount(mnt);
    }
  }
}
