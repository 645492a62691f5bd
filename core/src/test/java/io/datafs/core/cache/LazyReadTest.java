package io.datafs.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.config.CacheConfig;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DamagedCopyException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.FaultyRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.RetryPolicy;
import io.datafs.core.remote.RetryingRemote;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.testing.Damage;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that pulled metadata only reads content through RemoteChunks: ranged reads, verified, cached on disk. */
class LazyReadTest {
  static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(10),
      Duration.ofSeconds(2));
  @TempDir Path tmp;
  Repository origin;
  Repository lazy;
  Path remoteDir;
  CountingRemote counted;
  FaultyRemote faulty;
  RemoteChunks chunks;
  Version v;
  Path src;

  @BeforeEach
  void pulledMetadataOnly() throws Exception {
    src = tmp.resolve("src");
    Random rnd = new Random(3);
    for (int i = 0; i < 10; i++) {
      byte[] b = new byte[50_000];
      rnd.nextBytes(b);
      write(src.resolve("f" + i + ".bin"), b);
    }
    byte[] big = new byte[3 << 20];
    rnd.nextBytes(big);
    write(src.resolve("big.bin"), big);
    origin = Repository.open(tmp.resolve("origin"), d -> new MemoryKvStore());
    origin.importFolder(src, new DatasetName("cats"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
    remoteDir = Files.createDirectories(tmp.resolve("remote"));
    RemoteUrl url = RemoteUrl.parse(remoteDir.toString());
    origin.sync().push(new LocalFolderRemote(url), new RemoteRef(url, null), null, TransferProgress.NONE);

    lazy = Repository.open(tmp.resolve("lazy"), d -> new MemoryKvStore());
    RemoteRef ref = new RemoteRef(url, null);
    lazy.sync().pull(new LocalFolderRemote(url), ref, "cats", true, TransferProgress.NONE);
    v = lazy.resolve("cats");
    faulty = new FaultyRemote(new LocalFolderRemote(url));
    counted = new CountingRemote(new RetryingRemote(faulty, FAST));
    useCache(1L << 30);
  }

  private void useCache(long maxBytes) {
    CacheConfig config = new CacheConfig(maxBytes, OptionalLong.of(0));
    chunks = new RemoteChunks(new ChunkDiskCache(tmp.resolve("lazy/cache"), config), r -> counted);
    lazy.setChunkSource(chunks);
  }

  @AfterEach
  void close() {
    origin.close();
    lazy.close();
  }

  @Test
  void oneFileCostsOneRangedReadAndIsThenCached() throws Exception {
    assertArrayEquals(Files.readAllBytes(src.resolve("f3.bin")), cat("f3.bin"));
    assertEquals(Map.of("read", 1L), counted.ops());
    assertTrue(counted.bytesDown() <= 50_000, "fetched " + counted.bytesDown());
    counted.reset();
    assertArrayEquals(Files.readAllBytes(src.resolve("f3.bin")), cat("f3.bin"));
    assertEquals(0, counted.ops().size(), "served by the disk cache");
    assertArrayEquals(Files.readAllBytes(src.resolve("big.bin")), cat("big.bin"));
    assertTrue(counted.count("read") >= 2, "a file of several chunks: one read each");
  }

  @Test
  void aDamagedPackOnTheRemoteIsFetchedTwiceThenRefused() throws Exception {
    flipByteOfChunk("f5.bin");
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> cat("f5.bin"));
    assertTrue(e.getMessage().contains("does not match its hash, twice: not served"), e.getMessage());
    assertEquals(2, counted.count("read"));
    assertEquals(0, chunks.cache().count(), "nothing damaged is cached");
    assertArrayEquals(Files.readAllBytes(src.resolve("f4.bin")), cat("f4.bin"),
        "the other chunks of the pack still read");
  }

  @Test
  void aMountsCacheFileIsCheckedAtEveryAskADamagedOneDroppedAndFetchedAgain() throws Exception {
    io.datafs.core.id.ObjectId id = lazy.stat(v, "f3.bin").contentId();
    byte[] want = Files.readAllBytes(src.resolve("f3.bin"));
    Path file = lazy.reader(v).cachedFile(id);
    assertArrayEquals(want, Files.readAllBytes(file));
    assertEquals(Map.of("read", 1L), counted.ops());
    assertEquals(file, lazy.reader(v).cachedFile(id), "cached: no second fetch");
    assertEquals(1, counted.fetches());

    Damage.flipByte(file, 1000); // damaged on disk after this process checked it
    DamagedCopyException e = assertThrows(DamagedCopyException.class, () -> lazy.reader(v).cachedFile(id));
    assertTrue(e.getMessage().startsWith("cache file " + file + " of chunk " + id + " is damaged"), e.getMessage());
    assertFalse(Files.exists(file), "dropped");
    assertArrayEquals(want, Files.readAllBytes(lazy.reader(v).cachedFile(id)), "asked again: fetched anew");
    assertEquals(2, counted.fetches());

    Damage.flipByte(file, 1000); // damaged while no daemon ran
    useCache(1L << 30); // a restart does not trust what it finds: the first use hashes it
    assertThrows(DamagedCopyException.class, () -> lazy.reader(v).cachedFile(id));
    assertArrayEquals(want, Files.readAllBytes(lazy.reader(v).cachedFile(id)));
    assertEquals(3, counted.fetches());
    assertArrayEquals(want, Files.readAllBytes(lazy.reader(v).cachedFile(id)), "intact: checked, not fetched");
    assertEquals(3, counted.fetches());
  }

  @Test
  void aDamagedCacheFileWhileTheRemoteIsUnreachableFailsRatherThanServeIt() throws Exception {
    io.datafs.core.id.ObjectId id = lazy.stat(v, "f4.bin").contentId();
    Path file = lazy.reader(v).cachedFile(id);
    Damage.flipByte(file, 10);
    faulty.failAlways(FaultyRemote.Fault.RESET);
    assertThrows(DamagedCopyException.class, () -> lazy.reader(v).cachedFile(id));
    assertThrows(RemoteUnreachableException.class, () -> lazy.reader(v).cachedFile(id),
        "not cached now, and not fetchable");
  }

  @Test
  void verifyChecksRemoteContentWithoutCachingIt() throws Exception {
    lazy.cat(v, "f1.bin", java.io.OutputStream.nullOutputStream()); // one chunk cached before
    assertEquals(1, chunks.cache().count());
    counted.reset();
    var report = lazy.verify(v);
    assertTrue(report.problems().isEmpty(), report.problems().toString());
    assertEquals(1, chunks.cache().count(), "fetched, checked and dropped: nothing more cached");
    int bigChunks = lazy.reader(v).chunks(lazy.stat(v, "big.bin")).size();
    assertEquals(9 + bigChunks, counted.count("read"),
        "every chunk not cached was fetched: 9 small files and big.bin's");
  }

  @Test
  void aChunkTheCacheCannotHoldIsReadFromMemoryFetchedOnce() throws Exception {
    useCache(10_000); // smaller than one 50 kB chunk
    io.datafs.core.id.ObjectId id = lazy.stat(v, "f2.bin").contentId();
    assertNull(lazy.reader(v).cachedFile(id), "no file: the chunk is larger than the whole cache");
    assertArrayEquals(Files.readAllBytes(src.resolve("f2.bin")), lazy.reader(v).readChunk(id));
    assertEquals(1, counted.fetches(), "what the first call fetched, the read took from memory");
  }

  @Test
  void aDamagedCachedCopyIsDroppedAndFetchedAgain() throws Exception {
    cat("f1.bin");
    Path cached;
    try (Stream<Path> s = Files.walk(tmp.resolve("lazy/cache/chunks"))) {
      cached = s.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Files.write(cached, new byte[] {1, 2, 3});
    counted.reset();
    assertArrayEquals(Files.readAllBytes(src.resolve("f1.bin")), cat("f1.bin"));
    assertEquals(1, counted.count("read"));
  }

  @Test
  void theCacheStaysWithinItsBoundDroppingTheLeastRecentlyUsed() throws Exception {
    useCache(120_000); // two of the 50 kB files
    cat("f0.bin");
    cat("f1.bin");
    cat("f0.bin"); // f1 is now the least recently used
    cat("f2.bin");
    assertTrue(chunks.cache().size() <= 120_000, "holds " + chunks.cache().size());
    counted.reset();
    cat("f0.bin");
    assertEquals(0, counted.count("read"), "f0 was used recently: kept");
    cat("f1.bin");
    assertEquals(1, counted.count("read"), "f1 was evicted");
    useCache(120_000); // a restart learns what the last run cached
    assertEquals(2, chunks.cache().count());
  }

  @Test
  void anUnreachableRemoteFailsFastWhileCachedChunksStillRead() throws Exception {
    cat("f7.bin");
    faulty.failAlways(FaultyRemote.Fault.RESET);
    long start = System.nanoTime();
    assertThrows(RemoteUnreachableException.class, () -> cat("f8.bin"));
    int callsAfterFirst = faulty.calls();
    RemoteUnreachableException again = assertThrows(RemoteUnreachableException.class, () -> cat("f9.bin"));
    assertTrue(again.getMessage().contains("is unreachable"), again.getMessage());
    assertEquals(callsAfterFirst, faulty.calls(), "the next read fails at once, without trying again");
    assertTrue((System.nanoTime() - start) / 1e9 < 5);
    assertArrayEquals(Files.readAllBytes(src.resolve("f7.bin")), cat("f7.bin"));
  }

  @Test
  void aBitFlippedInTransitOnceIsFetchedAgainAndServed() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    Remote flipping = new io.datafs.core.remote.ForwardingRemote(counted) {
      @Override
      public byte[] read(RemoteKey key, long offset, int length) {
        byte[] b = super.read(key, offset, length);
        if (reads.getAndIncrement() == 0) b[b.length / 2] ^= 1;
        return b;
      }
    };
    CacheConfig config = new CacheConfig(1 << 30, OptionalLong.of(0));
    chunks = new RemoteChunks(new ChunkDiskCache(tmp.resolve("lazy/cache2"), config), r -> flipping);
    lazy.setChunkSource(chunks);
    assertArrayEquals(Files.readAllBytes(src.resolve("f6.bin")), cat("f6.bin"));
    assertEquals(2, reads.get());
  }

  @Test
  void prefetchedNeighboursCostOneRangedReadAndTheirReadsNone() throws Exception {
    lazy.reader(v).prefetch(smallFileChunks());
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(Files.readAllBytes(src.resolve("f" + i + ".bin")), cat("f" + i + ".bin"), "f" + i);
    }
    assertEquals(Map.of("open", 1L), counted.ops(), "ten neighbouring chunks, one ranged read, streamed");
    assertEquals(10, chunks.cache().count(), "and all of them on disk too");
    counted.reset();
    lazy.reader(v).prefetch(smallFileChunks());
    assertEquals(0, counted.ops().size(), "what is cached is not fetched again");
  }

  @Test
  void aSmallCacheIsNotFilledAheadBeyondAQuarterOfItsBound() throws Exception {
    useCache(240_000); // a quarter: one 50 kB file (and a bit)
    lazy.reader(v).prefetch(smallFileChunks());
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(Files.readAllBytes(src.resolve("f" + i + ".bin")), cat("f" + i + ".bin"), "f" + i);
    }
    assertEquals(Map.of("open", 1L, "read", 9L), counted.ops(), "f0 prefetched; the others read by themselves");
  }

  @Test
  void aDamagedChunkInAPrefetchedSpanIsNeverServedItsNeighboursAre() throws Exception {
    flipByteOfChunk("f5.bin");
    lazy.reader(v).prefetch(smallFileChunks());
    assertArrayEquals(Files.readAllBytes(src.resolve("f4.bin")), cat("f4.bin"));
    assertArrayEquals(Files.readAllBytes(src.resolve("f6.bin")), cat("f6.bin"));
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> cat("f5.bin"));
    assertTrue(e.getMessage().contains("does not match its hash, twice: not served"), e.getMessage());
    assertEquals(Map.of("open", 1L, "read", 2L), counted.ops(),
        "the span, then the damaged chunk's own read and its retry");
  }

  private List<io.datafs.core.id.ObjectId> smallFileChunks() {
    List<io.datafs.core.id.ObjectId> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) ids.add(lazy.stat(v, "f" + i + ".bin").contentId());
    return ids;
  }

  private byte[] cat(String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lazy.cat(v, path, out);
    return out.toByteArray();
  }

  /** Flips a byte of a file's (single) chunk in the remote's data pack, where the index says the chunk is. */
  private void flipByteOfChunk(String path) throws Exception {
    var entry = lazy.stat(v, path);
    var loc = lazy.index().get(io.datafs.core.kv.Table.OBJECTS, entry.contentId().toBytes());
    var where = io.datafs.core.pack.ObjectLocation.decode(entry.contentId(), loc);
    Path pack = remoteDir.resolve(io.datafs.core.remote.RemoteLayout.pack(where.packId()).value());
    Damage.flipByte(pack, where.entry().offset() + where.entry().storedLength() / 2);
  }

  private static void write(Path p, byte[] b) throws Exception {
    Files.createDirectories(p.getParent());
    Files.write(p, b);
  }
}
