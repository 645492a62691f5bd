package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints, does not assert, the speed of sequential 128 KiB reads of a 48 MiB file: cold (every chunk read from the
 * pack and verified, partly by read-ahead) and warm (every chunk in the cache). Time in read only, not in checking.
 */
@Tag("perf")
class ReadThroughputTest {
  static final int SIZE = 48 << 20;
  static final int READ = 128 << 10;
  @TempDir Path tmp;

  @Test
  void sequentialReadThroughput() throws Exception {
    byte[] content = TestVersion.random(new Random(1), SIZE);
    Files.createDirectories(tmp.resolve("src"));
    Files.write(tmp.resolve("src/big.bin"), content);
    try (Repository repo = Repository.open(tmp.resolve("home"), d -> new MemoryKvStore())) {
      repo.importFolder(tmp.resolve("src"), new DatasetName("perf"), new ImportOptions("", "me", Map.of()),
          ImportProgress.NONE);
      Version v = repo.resolve("perf");
      ChunkCache cache = new ChunkCache(256 << 20);
      try (DatasetFileSystem fs = new DatasetFileSystem(repo.reader(v), cache)) {
        String expected = ObjectId.hash(content).hex();
        for (String pass : new String[] {"cold", "warm"}) {
          long misses = cache.misses();
          long[] readNanos = {0};
          assertEquals(expected, readSequentially(fs, "/big.bin", readNanos));
          double seconds = readNanos[0] / 1e9;
          System.out.printf("datafs-fs read %s: %d MiB in %d KiB reads, %.0f MiB/s (%d chunk loads)%n", pass,
              SIZE >> 20, READ >> 10, (SIZE >> 20) / seconds, cache.misses() - misses);
        }
      }
    }
  }

  /**
   * Reads the file front to back, adding the time spent in read (not in hashing) to {@code readNanos}; returns its
   * SHA-256 so the bytes are checked.
   */
  private static String readSequentially(DatasetFileSystem fs, String path, long[] readNanos) {
    MessageDigest md = ObjectId.sha256();
    byte[] buf = new byte[READ];
    long h = fs.open(path, 0);
    for (long off = 0; ; ) {
      long t0 = System.nanoTime();
      int n = fs.read(h, off, ByteBuffer.wrap(buf, 0, READ));
      readNanos[0] += System.nanoTime() - t0;
      if (n == 0) break;
      md.update(buf, 0, n);
      off += n;
    }
    fs.release(h);
    return ObjectId.fromDigest(md).hex();
  }
}
