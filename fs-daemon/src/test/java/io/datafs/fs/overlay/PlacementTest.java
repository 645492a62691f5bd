package io.datafs.fs.overlay;

import static io.datafs.fs.overlay.OverlayFileSystemTest.bytes;
import static io.datafs.fs.overlay.OverlayFileSystemTest.read;
import static io.datafs.fs.overlay.OverlayFileSystemTest.readHandle;
import static io.datafs.fs.overlay.OverlayFileSystemTest.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.cache.ChunkDiskCache;
import io.datafs.core.cache.RemoteChunks;
import io.datafs.core.config.CacheConfig;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.fs.Attributes;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.DatasetFileSystem;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datafs add} / {@code datafs del} in a writable mount's overlay: stored files of another dataset placed by
 * metadata only (no data file written, nothing read), shown by status, published by a commit that adds no chunk,
 * copied up when edited; deletions of base files and of staged adds; refusals that stage nothing; reopening.
 */
class PlacementTest {
  private static final int RW = 2;
  private static final int CREAT = 0100;
  private static final int APPEND = 02000;
  private static final long DOG_MTIME = 1_600_000_000_123_000_000L;

  @TempDir Path tmp;
  private Repository repo;
  private Version cats;
  private Version dogs;
  private byte[] dogJpg;
  private byte[] dogBin;
  private OverlayFileSystem fs;
  private final AtomicInteger overlayWrites = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    Path catsSrc = tmp.resolve("cats");
    write(catsSrc.resolve("a/one.txt"), bytes("one\n"));
    write(catsSrc.resolve("top.txt"), bytes("top\n"));
    Random rnd = new Random(5);
    dogJpg = new byte[20_000];
    rnd.nextBytes(dogJpg);
    dogBin = new byte[3 << 20]; // several chunks: a chunk list
    rnd.nextBytes(dogBin);
    Path dogsSrc = tmp.resolve("dogs");
    write(dogsSrc.resolve("dog.jpg"), dogJpg);
    write(dogsSrc.resolve("dog.json"), bytes("{\"class\": \"dog\"}"));
    write(dogsSrc.resolve("big/dog.bin"), dogBin);
    Files.setPosixFilePermissions(dogsSrc.resolve("dog.jpg"), PosixFilePermissions.fromString("rw-------"));
    Files.setLastModifiedTime(dogsSrc.resolve("dog.jpg"), FileTime.from(DOG_MTIME / 1000, TimeUnit.MICROSECONDS));
    repo = Repository.open(tmp.resolve("home"), d -> new OverlayWriteCounter(new MemoryKvStore()));
    repo.importFolder(catsSrc, new DatasetName("cats"), new ImportOptions("v1", "me", Map.of()), ImportProgress.NONE);
    repo.importFolder(dogsSrc, new DatasetName("dogs"), new ImportOptions("v1", "me", Map.of()), ImportProgress.NONE);
    cats = repo.resolve("cats");
    dogs = repo.resolve("dogs");
    fs = open();
  }

  @AfterEach
  void tearDown() {
    fs.close();
    repo.close();
  }

  private OverlayFileSystem open() {
    return new Overlays(repo, new ChunkCache(16 << 20), CommitSteps.NONE).open(tmp.resolve("mnt"), cats);
  }

  @Test
  void addsIntoNewDirectoriesByMetadataOnly() throws IOException {
    TreeEntry jpg = dog("dog.jpg");
    assertEquals(2, fs.addStored(files("new/deep/dog.jpg", jpg, "a/dog.json", dog("dog.json"))));

    assertEquals(List.of("A a/dog.json", "A new", "A new/deep", "A new/deep/dog.jpg"), status(fs));
    assertArrayEquals(dogJpg, readBytes("/new/deep/dog.jpg"));
    assertEquals("{\"class\": \"dog\"}", read(fs, "/a/dog.json"));
    Attributes a = fs.getattr("/new/deep/dog.jpg");
    assertEquals(List.of(jpg.size(), 0600L, DOG_MTIME), List.of(a.size(), (long) a.mode(), a.mtimeNanos()));
    assertEquals(0755, fs.getattr("/new/deep").mode());
    assertEquals(jpg.contentId().hex(),
        new String(fs.getxattr("/new/deep/dog.jpg", DatasetFileSystem.XATTR_SHA256), StandardCharsets.UTF_8));
    assertEquals(List.of(), dataFiles(), "no content is written to the overlay");
  }

  @Test
  void addReplacesFilesAndSymlinksAndOpenHandlesKeepWhatTheyHad() throws IOException {
    long base = fs.open("/top.txt", RW);
    long staged = fs.create("/staged.txt", 0644, CREAT | RW);
    fs.write(staged, 0, bytes("mine"), 4);
    fs.symlink("top.txt", "/link");

    assertEquals(3, fs.addStored(
        files("top.txt", dog("dog.json"), "staged.txt", dog("dog.jpg"), "link", dog("dog.jpg"))));
    assertEquals(List.of("A link", "A staged.txt", "M top.txt"), status(fs));
    assertEquals("{\"class\": \"dog\"}", read(fs, "/top.txt"));
    assertArrayEquals(dogJpg, readBytes("/link"));
    assertEquals("top\n", readHandle(fs, base, 100), "as after a rename over it");
    assertEquals("mine", readHandle(fs, staged, 100));
    assertEquals(List.of(), dataFiles(), "the replaced staged content is freed (its handle still reads it)");
    fs.write(base, 0, bytes("TOP"), 3);
    assertEquals("TOP\n", readHandle(fs, base, 100));
    assertEquals("{\"class\": \"dog\"}", read(fs, "/top.txt"), "a write through an old handle is not the added file's");

    fs.addStored(files("top.txt", dog("dog.jpg")));
    assertArrayEquals(dogJpg, readBytes("/top.txt"), "a later add wins");
    fs.release(base);
    fs.release(staged);
  }

  @Test
  void eachCallIsOneBatchOfRows() {
    overlayWrites.set(0);
    fs.addStored(files("n/m/dog.jpg", dog("dog.jpg"), "n/dog.json", dog("dog.json"), "top.txt", dog("dog.jpg")));
    assertEquals(1, overlayWrites.get(), "two directories and three files in one write");
    fs.removeStaged(List.of("n/dog.json", "top.txt", "a/one.txt"));
    assertEquals(2, overlayWrites.get());
    assertEquals(List.of("D a/one.txt", "A n", "A n/m", "A n/m/dog.jpg", "D top.txt"), status(fs));
  }

  @Test
  void aRefusedAddStagesNothing() {
    TreeEntry jpg = dog("dog.jpg");
    refused("a", files("ok.jpg", jpg, "a", jpg), "a directory is there");
    refused("top.txt/x.jpg", files("ok.jpg", jpg, "top.txt/x.jpg", jpg), "top.txt is not a directory");
    refused("n/x.jpg", files("n", jpg, "n/x.jpg", jpg), "n is not a directory");
    refused("ok/..", files("ok.jpg", jpg, "ok/..", jpg), "invalid file name");
    refused("/abs.jpg", files("ok.jpg", jpg, "/abs.jpg", jpg), "empty file name");
    String tooLong = "d/" + "n".repeat(256);
    refused(tooLong, files("ok.jpg", jpg, tooLong, jpg), "longer than 255 bytes");
    refused("big", files("ok.jpg", jpg, "big", repo.stat(dogs, "big")), "not a file");

    assertEquals(List.of(), status(fs));
    assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> fs.getattr("/ok.jpg")).errno());
    fs.close();
    fs = open();
    assertEquals(List.of(), status(fs), "nothing was written either");
  }

  private void refused(String path, SortedMap<String, TreeEntry> files, String why) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> fs.addStored(files));
    assertTrue(e.getMessage().startsWith("cannot add " + path + ": ") && e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void delDeletesBaseFilesAndDropsStagedAdds() {
    fs.addStored(files("new.jpg", dog("dog.jpg"), "a/one.txt", dog("dog.json")));
    long open = fs.open("/top.txt", 0);

    int removed = fs.removeStaged(List.of("top.txt", "new.jpg", "a/one.txt", "a", "missing", "top.txt/x", "nope/x",
        "top.txt", "/top.txt", ""));
    assertEquals(3, removed, "directories and missing paths are skipped, and a path is deleted once");
    assertEquals(List.of("D a/one.txt", "D top.txt"), status(fs), "a staged add leaves nothing behind");
    for (String p : List.of("/top.txt", "/new.jpg", "/a/one.txt")) {
      assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> fs.getattr(p)).errno(), p);
    }
    assertEquals("top\n", readHandle(fs, open, 100), "as after an unlink");
    fs.release(open);
  }

  @Test
  void commitPublishesAddsWithoutAChunkAndKeepsTheirEntries() throws IOException {
    TreeEntry bin = dog("big/dog.bin");
    assertNotNull(bin.chunkList());
    fs.addStored(files("new/dog.bin", bin, "top.txt", dog("dog.jpg")));
    fs.removeStaged(List.of("a/one.txt"));

    ImportResult r = fs.commit(new ImportOptions("add", "me", Map.of()), false);
    assertNoChunkAdded(r, bin.size() + dogJpg.length);
    Version v2 = r.version();
    TreeEntry placed = repo.stat(v2, "new/dog.bin");
    assertEquals(List.of(bin.contentId(), bin.chunkList(), bin.size(), bin.mode(), bin.mtimeNanos()),
        Arrays.asList(placed.contentId(), placed.chunkList(), placed.size(), placed.mode(), placed.mtimeNanos()));
    assertEquals(2, placed.changedIn());
    assertArrayEquals(dogBin, cat(v2, "new/dog.bin"));
    assertArrayEquals(dogJpg, cat(v2, "top.txt"));
    assertThrows(RuntimeException.class, () -> repo.stat(v2, "a/one.txt"));
    assertEquals(List.of(), status(fs));
    assertArrayEquals(dogBin, readBytes("/new/dog.bin"));
  }

  @Test
  void anAddedFileEditedThroughTheMountIsCopiedUpFromTheOtherDataset() throws IOException {
    fs.addStored(files("x.bin", dog("big/dog.bin"), "y.json", dog("dog.json"), "z.jpg", dog("dog.jpg")));
    long w = fs.open("/x.bin", RW);
    fs.write(w, 1 << 20, bytes("EDIT"), 4);
    fs.release(w);
    fs.truncate("/y.json", 9);
    long app = fs.open("/z.jpg", RW | APPEND);
    fs.write(app, 0, bytes("++"), 2);
    fs.release(app);

    byte[] x = dogBin.clone();
    System.arraycopy(bytes("EDIT"), 0, x, 1 << 20, 4);
    byte[] z = Arrays.copyOf(dogJpg, dogJpg.length + 2);
    z[dogJpg.length] = '+';
    z[dogJpg.length + 1] = '+';
    assertArrayEquals(x, readBytes("/x.bin"));
    assertEquals("{\"class\":", read(fs, "/y.json"));
    assertArrayEquals(z, readBytes("/z.jpg"));
    assertEquals(3, dataFiles().size(), "each copied up on its first change");
    assertEquals(List.of("A x.bin", "A y.json", "A z.jpg"), status(fs));

    Version v2 = fs.commit(new ImportOptions("edit", "me", Map.of()), false).version();
    assertArrayEquals(x, cat(v2, "x.bin"));
    assertArrayEquals(z, cat(v2, "z.jpg"));
    assertArrayEquals(dogBin, cat(dogs, "big/dog.bin"), "the source is untouched");
  }

  @Test
  void stagedAddsAndDeletesSurviveReopening() throws IOException {
    fs.addStored(files("new/dog.bin", dog("big/dog.bin"), "top.txt", dog("dog.jpg")));
    fs.removeStaged(List.of("a/one.txt"));
    fs.close();

    fs = open();
    assertEquals(List.of("D a/one.txt", "A new", "A new/dog.bin", "M top.txt"), status(fs));
    assertArrayEquals(dogBin, readBytes("/new/dog.bin"));
    Version v2 = fs.commit(new ImportOptions("after reopening", "me", Map.of()), false).version();
    assertEquals(dog("big/dog.bin").chunkList(), repo.stat(v2, "new/dog.bin").chunkList());
  }

  @Test
  void entriesWhoseChunksAreOnlyOnARemoteAreAddedAndCommittedWithoutTouchingIt() throws IOException {
    byte[] wolf = new byte[2 << 20];
    new Random(9).nextBytes(wolf);
    write(tmp.resolve("wolves/wolf.bin"), wolf);
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    try (Repository origin = Repository.open(tmp.resolve("origin"), d -> new MemoryKvStore())) {
      origin.importFolder(tmp.resolve("wolves"), new DatasetName("wolves"), new ImportOptions("w", "me", Map.of()),
          ImportProgress.NONE);
      origin.sync().push(new LocalFolderRemote(url), new RemoteRef(url, null), null, TransferProgress.NONE);
    }
    repo.sync().pull(new LocalFolderRemote(url), new RemoteRef(url, null), "wolves", true, TransferProgress.NONE);
    CountingRemote counted = new CountingRemote(new LocalFolderRemote(url));
    repo.setChunkSource(new RemoteChunks(new ChunkDiskCache(tmp.resolve("home/cache"),
        new CacheConfig(1L << 30, OptionalLong.of(0))), ref -> counted));
    TreeEntry remoteOnly = repo.stat(repo.resolve("wolves"), "wolf.bin");

    fs.addStored(files("wolf.bin", remoteOnly));
    assertEquals(List.of("A wolf.bin"), status(fs));
    ImportResult r = fs.commit(new ImportOptions("lazy", "me", Map.of()), false);
    assertEquals(Map.of(), counted.ops(), "the remote is not asked for anything");
    assertNoChunkAdded(r, wolf.length);
    assertEquals(remoteOnly.contentId(), repo.stat(r.version(), "wolf.bin").contentId());
    assertArrayEquals(wolf, readBytes("/wolf.bin"), "read when read, from the remote");
    assertTrue(counted.count("read") > 0);
  }

  // ---- helpers

  /** No content ingested: what the store gained is the new tree pages, under 1% of the bytes placed. */
  private static void assertNoChunkAdded(ImportResult r, long placedBytes) {
    assertEquals(0, r.chunksAdded());
    assertTrue(r.storedBytesAdded() < placedBytes / 100, r.storedBytesAdded() + " bytes of tree pages");
  }

  private TreeEntry dog(String path) {
    return repo.stat(dogs, path);
  }

  private static SortedMap<String, TreeEntry> files(Object... pathsAndEntries) {
    SortedMap<String, TreeEntry> m = new TreeMap<>();
    for (int i = 0; i < pathsAndEntries.length; i += 2) {
      m.put((String) pathsAndEntries[i], (TreeEntry) pathsAndEntries[i + 1]);
    }
    return m;
  }

  private byte[] readBytes(String path) {
    long h = fs.open(path, 0);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      for (long at = 0; ; ) {
        int n = fs.read(h, at, buf.clear());
        if (n <= 0) return out.toByteArray();
        out.write(buf.array(), 0, n);
        at += n;
      }
    } finally {
      fs.release(h);
    }
  }

  private byte[] cat(Version v, String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, path, out);
    return out.toByteArray();
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> s = Files.list(fs.staging.data().dir())) {
      return s.toList();
    }
  }

  /** Counts the writes that change overlay rows. */
  private final class OverlayWriteCounter implements KvStore {
    private final KvStore inner;

    OverlayWriteCounter(KvStore inner) {
      this.inner = inner;
    }

    @Override
    public byte[] get(Table table, byte[] key) {
      return inner.get(table, key);
    }

    @Override
    public void scan(Table table, byte[] prefix, Visitor visitor) {
      inner.scan(table, prefix, visitor);
    }

    @Override
    public void write(KvBatch batch) {
      if (batch.ops().stream().anyMatch(op -> op.table() == Table.OVERLAYS)) overlayWrites.incrementAndGet();
      inner.write(batch);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static void write(Path p, byte[] content) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }
}
