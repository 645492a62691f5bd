package io.datafs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions are immutable, so the kernel keeps what it read: a second pass never reaches the JVM. */
class FuseKernelCacheTest {
  @TempDir Path tmp;

  // Whole files: a pass that stopped short would leave the kernel's read-ahead past it still arriving.
  @Test
  void aSecondReadIsServedByThePageCache() throws Exception {
    FuseTestSupport.requireFuse();
    FakeFs fs = FuseTestSupport.sample();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (FuseMount m = FuseMount.mount(fs, mnt, "datafs:cache", Duration.ofSeconds(20))) {
      long before = fs.readCalls.get();
      FuseTestSupport.Result first = FuseTestSupport.sh(mnt, "dd", "if=data/big.bin", "of=/dev/null", "bs=1M");
      assertEquals(0, first.exit(), first.err());
      long firstCalls = fs.readCalls.get() - before;
      assertTrue(firstCalls > 0, "the first pass reads through the filesystem");

      long mid = fs.readCalls.get();
      FuseTestSupport.Result second = FuseTestSupport.sh(mnt, "dd", "if=data/big.bin", "of=/dev/null", "bs=1M");
      assertEquals(0, second.exit(), second.err());
      assertEquals(0, fs.readCalls.get() - mid, "the second pass comes from the page cache (kernel_cache)");
    } finally {
      FuseMount.forceUnmount(mnt);
    }
  }

  // The kernel sends one OPEN, gets ENOSYS, and from then on opens and closes files of this mount by itself.
  @Test
  void opensAndClosesOfAReadOnlyMountNeverReachTheDaemonAfterTheFirst() throws Exception {
    FuseTestSupport.requireFuse();
    FakeFs fs = FuseTestSupport.sample();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (FuseMount m = FuseMount.mount(fs, mnt, "datafs:no-open", Duration.ofSeconds(20))) {
      String[] cat = {"sh", "-c", "for i in 1 2 3; do cat hello.txt data/run.sh data/big.bin; done > /dev/null"};
      FuseTestSupport.Result first = FuseTestSupport.sh(mnt, cat);
      assertEquals(0, first.exit(), first.err());
      java.util.Map<String, Long> afterFirst = m.counters().calls();
      assertEquals(1L, afterFirst.get("open"), "one OPEN, answered ENOSYS, for nine opens: " + afterFirst);
      assertEquals(null, afterFirst.get("release"), "no RELEASE: " + afterFirst);
      assertTrue(afterFirst.get("read") > 0, "the first pass reads through the filesystem");
      assertEquals(java.util.Map.of(), m.counters().errors(), "ENOSYS is no failure");

      FuseTestSupport.Result second = FuseTestSupport.sh(mnt, cat);
      assertEquals(0, second.exit(), second.err());
      assertEquals(afterFirst, m.counters().calls(), "a second pass of opens, reads and closes is the kernel's alone");
      assertEquals(FuseTestSupport.HELLO, Files.readString(mnt.resolve("hello.txt")));
    } finally {
      FuseMount.forceUnmount(mnt);
    }
  }
}
