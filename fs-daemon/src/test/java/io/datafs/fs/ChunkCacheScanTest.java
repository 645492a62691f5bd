package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.chunk.ChunkRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared cache of decoded chunks under a sequential read of compressed content several times its size, as a first
 * pass over a large text data set is: the chunks read ahead are still there when the reader reaches them.
 */
class ChunkCacheScanTest {
  private static final int READ = 128 << 10;

  @Test
  void aScanLargerThanTheCacheLoadsEachChunkOnce(@TempDir Path dir) throws Exception {
    StringBuilder text = new StringBuilder();
    for (long i = 0; text.length() < 40 << 20; i++) {
      text.append(i).append(',').append(i * 7919 % 1_000_003).append('\n');
    }
    byte[] content = text.toString().getBytes(StandardCharsets.US_ASCII);
    try (TestVersion v = TestVersion.ofOneFile(dir, "rows.txt", content)) {
      List<ChunkRef> chunks = v.reader().chunks(v.repo.stat(v.version, "rows.txt"));
      ChunkCache cache = new ChunkCache(16 << 20); // 8 MiB by frequency, 8 MiB the nursery
      try (DatasetFileSystem mount = new DatasetFileSystem(v.reader(), cache)) {
        long h = mount.open("/rows.txt", 0);
        byte[] read = new byte[content.length];
        for (int off = 0; off < content.length; off += READ) {
          mount.read(h, off, ByteBuffer.wrap(read, off, Math.min(READ, content.length - off)));
          mount.awaitReadAhead(); // the reader is slower than its read-ahead: each chunk is loaded before it is read
        }
        assertArrayEquals(content, read);
        assertTrue(chunks.size() >= 10, "several times the cache's size in chunks: " + chunks.size());
        assertEquals(0, mount.chunks().views(), "compressed chunks go through the cache");
        assertEquals(chunks.size(), chunks.stream().map(ChunkRef::id).distinct().count(), "no chunk twice");
        assertEquals(chunks.size(), cache.misses(), "each chunk loaded once, by the read-ahead or the read");
        assertTrue(cache.size() <= 16 << 20, "within its bound: " + cache.size());
      }
    }
  }
}
