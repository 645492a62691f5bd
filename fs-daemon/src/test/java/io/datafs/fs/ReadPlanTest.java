package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.cache.ChunkDiskCache;
import io.datafs.core.cache.RemoteChunks;
import io.datafs.core.config.CacheConfig;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read plan set on a mount of remote content is fetched in its order, bounded ahead of the reader. */
class ReadPlanTest {
  static final int FILES = 300;
  static final int SIZE = 20_000;
  @TempDir Path tmp;
  Path src;
  Repository origin;
  Repository lazy;
  CountingRemote counted;
  RemoteChunks remoteChunks;
  Version v;
  /** Where each file's chunk starts in its pack: the offset of its own ranged read. */
  final Map<Long, Integer> fileAt = new HashMap<>();

  @BeforeEach
  void pushedAndPulledMetadataOnly() throws Exception {
    src = tmp.resolve("src");
    Random rnd = new Random(7);
    Files.createDirectories(src.resolve("d"));
    for (int i = 0; i < FILES; i++) {
      byte[] b = new byte[SIZE];
      rnd.nextBytes(b);
      Files.write(src.resolve(name(i)), b);
    }
    origin = Repository.open(tmp.resolve("origin"), d -> new MemoryKvStore());
    origin.importFolder(src, new DatasetName("cats"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    origin.sync().push(new LocalFolderRemote(url), new RemoteRef(url, null), null, TransferProgress.NONE);
    lazy = Repository.open(tmp.resolve("lazy"), d -> new MemoryKvStore());
    lazy.sync().pull(new LocalFolderRemote(url), new RemoteRef(url, null), "cats", true, TransferProgress.NONE);
    v = lazy.resolve("cats");
    counted = new CountingRemote(new LocalFolderRemote(url));
    useCache("probe", 1L << 30);
    for (int i = 0; i < FILES; i++) { // each file alone: one ranged read at its chunk's offset
      counted.reset();
      lazy.reader(v).readChunk(lazy.reader(v).chunks(lazy.stat(v, name(i))).get(0).id());
      fileAt.put(counted.offsetsRead().get(0), i);
    }
    useCache("cache", 1L << 30);
    counted.reset();
  }

  @AfterEach
  void close() {
    remoteChunks.close();
    origin.close();
    lazy.close();
  }

  @Test
  void aPlanBeyondAQuarterOfTheCacheIsFetchedInItsOrderBeforeItsFilesAreOpened() throws Exception {
    useCache("window", 20L << 20); // a quarter: 5 MiB, 262 of the 300 files (6 MB)
    List<Integer> plan = shuffled(3);
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      follow(fs, listing(plan));
      fs.awaitReadPlan();
      List<Long> offsets = counted.offsetsRead();
      assertTrue(offsets.size() < 262, offsets.size() + " ranged reads: neighbours in a batch share one");
      Map<Integer, Integer> position = new HashMap<>();
      for (int k = 0; k < plan.size(); k++) position.put(plan.get(k), k);
      int batchBefore = 0;
      for (long offset : offsets) { // each read starts at a file; batches of 32 files go out in the plan's order
        Integer file = fileAt.get(offset);
        assertTrue(file != null, "a ranged read at " + offset + " starts at no file");
        int batch = position.get(file) / 32;
        assertTrue(batch >= batchBefore, "the file at plan position " + position.get(file) + " was fetched after "
            + "one of batch " + batchBefore + ": " + offsets);
        batchBefore = batch;
      }
      for (int i : plan.subList(0, 200)) readWhole(fs, name(i)); // the follower moves on meanwhile
      assertEquals(0, remoteChunks.misses(), "every file read so far was in the cache before it was opened");
      for (int i : plan.subList(200, FILES)) readWhole(fs, name(i));
      fs.awaitReadPlan(); // its last batch may still be on its way when the reads that overtook it end
      String status = new String(fs.getxattr("/", ReadPlan.XATTR), StandardCharsets.UTF_8);
      assertTrue(status.endsWith(": 300 files, 300 opened, 300 fetched"), status);
      assertTrue(fs.listxattr("/").contains(ReadPlan.XATTR));
    }
  }

  @Test
  void aPlanThatFitsAQuarterOfTheCacheIsFetchedAtOnceInPackOrderByAFewLargeReads() throws Exception {
    List<Integer> plan = shuffled(6).subList(0, 200);
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      follow(fs, listing(plan));
      fs.awaitReadPlan();
      assertTrue(counted.fetches() <= 2, counted.fetches() + " ranged reads for 200 files of one pack");
      long fetched = counted.fetches();
      for (int i : plan) readWhole(fs, name(i));
      assertEquals(fetched, counted.fetches(), "every file of the plan was in the cache before it was opened");
    }
  }

  @Test
  void thePlanIsFetchedNoFurtherAheadThanAQuarterOfTheCache() throws Exception {
    useCache("small", 2L << 20); // a quarter: 512 KiB, about 26 of the 20 KB files
    List<Integer> plan = shuffled(4);
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      follow(fs, listing(plan));
      fs.awaitReadPlan();
      long ahead = counted.bytesDown();
      assertTrue(ahead > 10 * SIZE && ahead <= (512 << 10) + SIZE, ahead + " bytes fetched ahead of the reader");
      for (int i : plan) readWhole(fs, name(i));
      // without the plan (the warm-up's budget holds neither the version nor d/), each read fetches its own file
      assertTrue(remoteChunks.misses() < FILES / 3, remoteChunks.misses() + " reads fetched their own file");
    }
  }

  @Test
  void aListingThatCannotBeFollowedIsRefusedAndThePlanBeforeItKept() throws Exception {
    List<Integer> plan = shuffled(5);
    Path good = listing(plan.subList(0, 10));
    Path missingFile = tmp.resolve("no-such-listing");
    Path notInVersion = Files.writeString(tmp.resolve("bad"), "d/f0001\nd/nope\n");
    Path aDirectory = Files.writeString(tmp.resolve("dir"), "d\n");
    Path empty = Files.writeString(tmp.resolve("empty"), "\n\n");
    try (DatasetFileSystem fs = new DatasetFileSystem(lazy.reader(v), new ChunkCache(64 << 20))) {
      assertEquals(Errno.ENODATA, assertThrows(FsException.class, () -> fs.getxattr("/", ReadPlan.XATTR)).errno());
      assertEquals("following " + good + ": 10 files", follow(fs, good));
      assertEquals("following " + good + ": 10 files", follow(fs, good), "asked again: the same plan, not again");
      assertRefused(fs, missingFile.toString(), "cannot read " + missingFile + ": no such file");
      assertRefused(fs, notInVersion.toString(), notInVersion + " line 2: d/nope is not a file of cats@v1");
      assertRefused(fs, aDirectory.toString(), aDirectory + " line 1: d is not a file of cats@v1");
      assertRefused(fs, empty.toString(), empty + " lists no file");
      assertRefused(fs, "relative/listing", "its value must be the absolute path of a file listing");
      FsException notRoot = assertThrows(FsException.class, () -> fs.getxattr("/d", ReadPlan.XATTR + "=" + good));
      assertEquals(Errno.EINVAL, notRoot.errno());
      String status = new String(fs.getxattr("/", ReadPlan.XATTR), StandardCharsets.UTF_8);
      assertTrue(status.startsWith("following " + good + ": 10 files"), "the plan before is kept: " + status);
      assertEquals("stopped", new String(fs.getxattr("/", ReadPlan.XATTR + "="), StandardCharsets.UTF_8));
      assertEquals(Errno.ENODATA, assertThrows(FsException.class, () -> fs.getxattr("/", ReadPlan.XATTR)).errno());
      for (int i = 0; i < FILES; i += 37) readWhole(fs, name(i)); // the mount reads on
    }
  }

  private static void assertRefused(DatasetFileSystem fs, String value, String why) {
    FsException e = assertThrows(FsException.class, () -> fs.getxattr("/", ReadPlan.XATTR + "=" + value));
    assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
    assertTrue(e.getMessage().contains("read plan refused: " + why), e.getMessage());
  }

  /** Asks the root for the plan in {@code listing}, as a sampler does through the mount; its answer. */
  private static String follow(DatasetFileSystem fs, Path listing) {
    return new String(fs.getxattr("/", ReadPlan.XATTR + "=" + listing), StandardCharsets.UTF_8);
  }

  private static String name(int i) {
    return String.format("d/f%04d", i);
  }

  private static List<Integer> shuffled(long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < FILES; i++) order.add(i);
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  /** The plan as a sampler writes it: a path a line, relative to the mount's root. */
  private Path listing(List<Integer> plan) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i : plan) text.append(name(i)).append('\n');
    return Files.writeString(Files.createTempFile(tmp, "plan", ".txt"), text);
  }

  /** Replaces the chunk source by one with its own disk cache under {@code dir}, bounded to {@code bytes}. */
  private void useCache(String dir, long bytes) {
    if (remoteChunks != null) remoteChunks.close();
    CacheConfig config = new CacheConfig(bytes, OptionalLong.of(0));
    remoteChunks = new RemoteChunks(new ChunkDiskCache(tmp.resolve(dir), config), r -> counted);
    lazy.setChunkSource(remoteChunks);
  }

  private void readWhole(DatasetFileSystem fs, String name) throws Exception {
    byte[] want = Files.readAllBytes(src.resolve(name));
    long h = fs.open("/" + name, 0);
    ByteBuffer buf = ByteBuffer.allocate(want.length + 10);
    assertEquals(want.length, fs.read(h, 0, buf));
    fs.release(h);
    assertArrayEquals(want, java.util.Arrays.copyOf(buf.array(), want.length), name);
  }
}
