package io.datafs.fs;

import io.datafs.core.config.CacheConfig;
import java.util.OptionalLong;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.cache.ChunkDiskCache;
import io.datafs.core.cache.RemoteChunks;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount of a version whose packs stay on a remote fetches ahead in large ranged reads, only when reads are in order.
 */
class RemotePrefetchTest {
  static final int FILES = 300;
  static final int SIZE = 20_000;
  @TempDir Path tmp;
  Path src;
  Repository origin;
  Repository lazy;
  CountingRemote counted;
  RemoteChunks remoteChunks;
  Version v;

  @BeforeEach
  void pushedAndPulledMetadataOnly() throws Exception {
    src = tmp.resolve("src");
    Random rnd = new Random(5);
    Files.createDirectories(src.resolve("d"));
    for (int i = 0; i < FILES; i++) {
      byte[] b = new byte[SIZE];
      rnd.nextBytes(b);
      Files.write(src.resolve(String.format("d/f%04d", i)), b);
    }
    byte[] big = new byte[40 << 20];
    rnd.nextBytes(big);
    Files.write(src.resolve("big.bin"), big);
    origin = Repository.open(tmp.resolve("origin"), d -> new MemoryKvStore());
    origin.importFolder(src, new DatasetName("cats"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    origin.sync().push(new LocalFolderRemote(url), new RemoteRef(url, null), null, TransferProgress.NONE);
    lazy = Repository.open(tmp.resolve("lazy"), d -> new MemoryKvStore());
    lazy.sync().pull(new LocalFolderRemote(url), new RemoteRef(url, null), "cats", true, TransferProgress.NONE);
    v = lazy.resolve("cats");
    counted = new CountingRemote(new LocalFolderRemote(url));
    CacheConfig config = new CacheConfig(1L << 30, OptionalLong.of(0));
    remoteChunks = new RemoteChunks(new ChunkDiskCache(tmp.resolve("lazy/cache"), config), r -> counted);
    lazy.setChunkSource(remoteChunks);
  }

  @AfterEach
  void close() {
    remoteChunks.close();
    origin.close();
    lazy.close();
  }

  @Test
  void filesReadInDirectoryOrderAreFetchedManyPerRequest() throws Exception {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < FILES; i++) order.add(i);
    readFiles(order);
    long requests = counted.fetches();
    assertTrue(requests <= FILES / 20, FILES + " files in order took " + requests + " ranged reads");
  }

  @Test
  void filesReadInShuffledOrderBeyondTheWarmUpsBudgetFetchOnlyThemselves() throws Exception {
    useCache(16 << 20); // a quarter of it (4 MiB) holds neither the version nor its directory (6 MB)
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < FILES; i += 3) order.add(i); // no two opens are neighbours in the directory
    Collections.shuffle(order, new Random(1));
    readFiles(order);
    assertEquals(order.size(), counted.fetches(), "one ranged read per file, nothing more");
    assertTrue(counted.bytesDown() <= (long) order.size() * SIZE, counted.bytesDown() + " bytes");
  }

  @Test
  void aShuffledReaderWarmsTheWholeVersionByAFewLargeRangedReadsWhenItFits() throws Exception {
    List<Integer> order = shuffledFiles(2);
    int before = ShuffleWarmup.SHUFFLED_OPENS + 8;
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      for (int i : order.subList(0, before)) readWhole(fs, String.format("d/f%04d", i));
      fs.awaitWarmup();
      long warmed = counted.fetches();
      for (int i : order.subList(before, FILES)) readWhole(fs, String.format("d/f%04d", i));
      readWhole(fs, "big.bin");
      assertEquals(warmed, counted.fetches(), "the rest of the version came with the warm-up");
    }
    // each read before the warm-up fetched its own file at most; the warm-up: the small files' pack, 40 MiB by 32
    assertTrue(counted.fetches() <= before + 6, counted.fetches() + " ranged reads in all");
  }

  @Test
  void aShuffledReaderOfAVersionBeyondTheBudgetWarmsTheDirectoryThatFits() throws Exception {
    useCache(64 << 20); // a quarter (16 MiB) holds the directory (6 MB), not the version (46 MB)
    List<Integer> order = shuffledFiles(3);
    int before = ShuffleWarmup.SHUFFLED_OPENS + 8;
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      for (int i : order.subList(0, before)) readWhole(fs, String.format("d/f%04d", i));
      fs.awaitWarmup();
      long warmed = counted.fetches();
      for (int i : order.subList(before, FILES)) readWhole(fs, String.format("d/f%04d", i));
      assertEquals(warmed, counted.fetches(), "the rest of the directory came with the warm-up");
      assertTrue(warmed <= before + 4, warmed + " ranged reads");
    }
    assertTrue(counted.bytesDown() < 2L * FILES * SIZE, counted.bytesDown() + " bytes: the big file stayed there");
  }

  @Test
  void aBigFileReadSequentiallyIsFetchedInLargeRangedReads() throws Exception {
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      long h = fs.open("/big.bin", 0);
      byte[] want = Files.readAllBytes(src.resolve("big.bin"));
      ByteBuffer buf = ByteBuffer.allocate(131_072);
      for (long off = 0; off < want.length; off += buf.capacity()) {
        buf.clear();
        int n = fs.read(h, off, buf);
        assertEquals(Math.min(buf.capacity(), want.length - off), n);
        for (int k = 0; k < n; k += 4099) assertEquals(want[(int) off + k], buf.get(k), "byte " + (off + k));
      }
      fs.release(h);
    }
    long requests = counted.fetches();
    assertTrue(requests <= 12, "40 MiB of ~1 MiB chunks took " + requests + " ranged reads");
  }

  @Test
  void remoteChunksAreReadInPlaceFromTheCacheAndFetchedAgainOnceEvicted() throws Exception {
    byte[] want = Files.readAllBytes(src.resolve("big.bin"));
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      long h = fs.open("/big.bin", 0);
      ByteBuffer buf = ByteBuffer.allocateDirect(300_000);
      assertEquals(300_000, fs.read(h, 0, buf));
      assertTrue(fs.chunks().cacheFiles() >= 1, "read from files of the chunk cache");
      fs.awaitReadAhead();
      try (var files = Files.walk(tmp.resolve("lazy/cache/chunks"))) { // evicted behind the mount's back
        for (Path f : files.filter(Files::isRegularFile).toList()) Files.delete(f);
      }
      long before = counted.fetches();
      buf.clear();
      assertEquals(300_000, fs.read(h, 100_000, buf), "the same chunks, read again");
      buf.flip();
      byte[] got = new byte[buf.remaining()];
      buf.get(got);
      assertArrayEquals(java.util.Arrays.copyOfRange(want, 100_000, 400_000), got);
      assertTrue(counted.fetches() > before, "fetched again");
      fs.release(h);
    }
  }

  @Test
  void cacheFilesLeaveMemoryOnceReadThroughAndStayOnDisk() throws Exception {
    byte[] want = Files.readAllBytes(src.resolve("big.bin"));
    List<io.datafs.core.chunk.ChunkRef> chunks = lazy.reader(v).chunks(lazy.stat(v, "big.bin"));
    int partly = chunks.get(0).length() / 2;
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      long h = fs.open("/big.bin", 0);
      assertEquals(partly, fs.read(h, 0, ByteBuffer.allocateDirect(partly)));
      fs.awaitReadAhead();
      CachePages.SHARED.awaitIdle();
      assertTrue(resident(cacheFile(chunks.get(0))) > 0, "a chunk read in part stays in memory");
      ByteBuffer buf = ByteBuffer.allocateDirect(131_072);
      for (long off = partly; off < want.length; off += buf.capacity()) {
        buf.clear();
        assertEquals(Math.min(buf.capacity(), want.length - off), fs.read(h, off, buf));
      }
      fs.release(h);
      long small = fs.open("/d/f0007", 0);
      assertEquals(SIZE, fs.read(small, 0, ByteBuffer.allocateDirect(SIZE + 1)));
      fs.release(small);
    }
    CachePages.SHARED.awaitIdle();
    for (io.datafs.core.chunk.ChunkRef c : chunks) {
      Path f = cacheFile(c);
      assertEquals(c.length(), Files.size(f), "kept on disk: " + f);
      if (c.length() >= CachePages.MIN_BYTES) assertEquals(0, resident(f), "read through, not in memory: " + f);
    }
    io.datafs.core.chunk.ChunkRef smallFile = lazy.reader(v).chunks(lazy.stat(v, "d/f0007")).get(0);
    assertTrue(resident(cacheFile(smallFile)) > 0, "a small file's cache file is left in memory");
  }

  /** The numbers of d/'s files in a seeded shuffled order, as a shuffling sampler reads them. */
  private static List<Integer> shuffledFiles(long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < FILES; i++) order.add(i);
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  private Path cacheFile(io.datafs.core.chunk.ChunkRef c) {
    String hex = c.id().hex();
    return tmp.resolve("lazy/cache/chunks").resolve(hex.substring(0, 2)).resolve(hex);
  }

  /** Bytes of {@code f} in the page cache, as util-linux's fincore tells. */
  private static long resident(Path f) throws Exception {
    Process p = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", f.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor(), "fincore: " + out);
    return Long.parseLong(out);
  }

  /** Replaces the chunk source by one whose disk cache is bounded to {@code bytes}. */
  private void useCache(long bytes) {
    remoteChunks.close();
    CacheConfig config = new CacheConfig(bytes, OptionalLong.of(0));
    remoteChunks = new RemoteChunks(new ChunkDiskCache(tmp.resolve("lazy/cache"), config), r -> counted);
    lazy.setChunkSource(remoteChunks);
  }

  /** Reads a file through {@code fs} from its start, as a loader does, and checks its bytes. */
  private void readWhole(DatasetFileSystem fs, String name) throws Exception {
    byte[] want = Files.readAllBytes(src.resolve(name));
    long h = fs.open("/" + name, 0);
    ByteBuffer buf = ByteBuffer.allocate(Math.min(want.length + 10, 1 << 20));
    byte[] got = new byte[want.length];
    for (int at = 0; at < want.length; ) {
      buf.clear();
      int n = fs.read(h, at, buf);
      System.arraycopy(buf.array(), 0, got, at, n);
      at += n;
    }
    fs.release(h);
    assertArrayEquals(want, got, name);
  }

  private void readFiles(List<Integer> order) throws Exception {
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      for (int i : order) {
        String name = String.format("d/f%04d", i);
        long h = fs.open("/" + name, 0);
        ByteBuffer buf = ByteBuffer.allocate(SIZE + 10);
        assertEquals(SIZE, fs.read(h, 0, buf));
        assertArrayEquals(Files.readAllBytes(src.resolve(name)), java.util.Arrays.copyOf(buf.array(), SIZE), name);
        fs.release(h);
      }
    }
  }
}
