package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.Names;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem over a real store, against the folder it was imported from. */
class DatasetFileSystemTest {
  @TempDir static Path tmp;
  static TestVersion tv;
  static List<String> allPaths; // every absolute path of the source but the root
  DatasetFileSystem fs;

  @BeforeAll
  static void importSource() throws Exception {
    tv = TestVersion.create(tmp);
    try (Stream<Path> walk = Files.walk(tv.source)) {
      allPaths = walk.filter(p -> !p.equals(tv.source)).map(p -> "/" + tv.source.relativize(p)).sorted().toList();
    }
  }

  @AfterAll
  static void closeStore() {
    tv.close();
  }

  @BeforeEach
  void mount() {
    fs = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20));
  }

  @AfterEach
  void unmount() {
    fs.close();
  }

  @Test
  void attributesMatchTheSource() throws Exception {
    for (String path : allPaths) assertAttributes(fs, path);
    Attributes root = fs.getattr("/");
    assertEquals(new Attributes(1, EntryKind.DIR, 0755, 0, root.mtimeNanos(), 2), root);
    assertEquals(java.time.Instant.parse(tv.version.record().time()),
        java.time.Instant.ofEpochSecond(0, root.mtimeNanos()));
    assertEquals(0644, fs.getattr("/a/one.txt").mode());
    assertEquals(0755, fs.getattr("/run.sh").mode());
  }

  @Test
  void resolutionIsRightWithATinyDentryCache() throws Exception {
    try (DatasetFileSystem small = new DatasetFileSystem(tv.reader(), new ChunkCache(1 << 20), 3)) {
      for (int pass = 0; pass < 2; pass++) {
        for (String path : allPaths) assertAttributes(small, path);
        assertErrno(Errno.ENOENT, () -> small.getattr("/a/b/nope"));
        assertErrno(Errno.ENOTDIR, () -> small.getattr("/a/one.txt/x"));
      }
      assertTrue(small.paths().cached() <= 3, "dentries: " + small.paths().cached());
    }
  }

  @Test
  void inodesAreStableAndDistinct() {
    Map<String, Long> first = new HashMap<>();
    for (String p : allPaths) first.put(p, fs.getattr(p).ino());
    first.put("/", fs.getattr("/").ino());
    assertEquals(1, first.get("/"));
    assertEquals(first.size(), new HashSet<>(first.values()).size(), "inode numbers are distinct");
    for (String p : allPaths) assertEquals(first.get(p), fs.getattr(p).ino(), p);
    for (DirEntry e : fs.readdir("/a", 0, 100)) assertEquals(first.get("/a/" + e.name()), e.ino(), e.name());
  }

  /**
   * Numbers come from positions in directories, with no row per path: looked up in a random order through a tiny
   * dentry cache (so each is worked out again), they are the ones a listing gives, and distinct; only directories
   * whose entries were numbered are remembered (a number per path held a row for each of the 5,000 files).
   */
  @Test
  void inodeNumbersComeFromPositionsWithNothingKeptPerFile() {
    try (DatasetFileSystem small = new DatasetFileSystem(tv.reader(), new ChunkCache(1 << 20), 3)) {
      List<String> shuffled = new ArrayList<>(allPaths);
      Collections.shuffle(shuffled, new Random(19));
      Map<String, Long> looked = new HashMap<>();
      for (String p : shuffled) looked.put(p, small.getattr(p).ino());
      assertEquals(looked.size(), new HashSet<>(looked.values()).size(), "inode numbers are distinct");
      assertFalse(looked.containsValue(1L), "1 is the root's");
      long dirs = 1;
      for (String p : allPaths) {
        if (small.getattr(p).kind() != EntryKind.DIR) continue;
        dirs++;
        for (long offset = 0; ; ) {
          List<DirEntry> page = small.readdir(p, offset, 700);
          if (page.isEmpty()) break;
          for (DirEntry e : page) assertEquals(looked.get(p + "/" + e.name()), e.ino(), p + "/" + e.name());
          offset = page.get(page.size() - 1).nextOffset();
        }
      }
      assertTrue(small.inodes().directories() <= dirs, small.inodes().directories() + " directories numbered, "
          + dirs + " in the version");
    }
  }

  /** Listing a directory keeps nothing per entry listed: a walk of millions of entries (find) stats none of them. */
  @Test
  void listingADirectoryLeavesTheDentryCacheAsItWas() throws Exception {
    int before = fs.paths().cached();
    long listed = 0;
    for (long offset = 0; ; ) {
      List<DirEntry> page = fs.readdir("/many", offset, 128);
      if (page.isEmpty()) break;
      listed += page.size();
      offset = page.get(page.size() - 1).nextOffset();
    }
    assertEquals(TestVersion.MANY, listed);
    assertTrue(fs.paths().cached() <= before + 1, fs.paths().cached() + " paths cached after the listing");
    assertAttributes(fs, "/many/f04321");
  }

  @Test
  void readdirListsInNameOrderWithoutDots() throws Exception {
    for (String dir : List.of("/", "/a", "/data", "/ünïcødé")) {
      List<String> expected;
      try (Stream<Path> list = Files.list(tv.sourceOf(dir))) {
        expected = list.map(p -> p.getFileName().toString()).sorted(Names.ORDER).toList();
      }
      List<DirEntry> got = fs.readdir(dir, 0, 1000);
      assertEquals(expected, got.stream().map(DirEntry::name).toList(), dir);
      for (DirEntry e : got) assertEquals(fs.getattr(PathResolver.child(dir, e.name())).kind(), e.kind(), e.name());
    }
    assertEquals(List.of(), fs.readdir("/a", 3, 100), "past the end");
  }

  @Test
  void readdirPagesThroughALargeDirectory() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < TestVersion.MANY; i++) expected.add(String.format("f%05d", i));
    assertNames(expected, pageAll(fs, 100, 100));
    // the kernel's buffer fills mid-page: it resumes from the last entry it took
    assertNames(expected, pageAll(fs, 100, 37));
    try (DatasetFileSystem fresh = new DatasetFileSystem(tv.reader(), new ChunkCache(0))) {
      assertNames(expected, pageAll(fresh, 100, 61));
      assertEquals(expected.subList(4321, 4331),
          fresh.readdir("/many", 4321, 10).stream().map(DirEntry::name).toList());
    }
  }

  @Test
  void readsReproduceEveryFile() throws Exception {
    for (String path : allPaths) {
      Path src = tv.sourceOf(path);
      if (!Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) continue;
      byte[] want = Files.readAllBytes(src);
      long h = fs.open(path, 0);
      assertArrayEquals(want, readAll(fs, h, 4097), path);
      assertEquals(0, fs.read(h, want.length, ByteBuffer.allocate(10)), "at EOF");
      assertEquals(0, fs.read(h, want.length + 12345L, ByteBuffer.allocate(10)), "past EOF");
      fs.release(h);
    }
  }

  @Test
  void readsAtOddOffsetsAndAcrossChunkBoundaries() throws Exception {
    byte[] want = Files.readAllBytes(tv.sourceOf("/" + TestVersion.BIG));
    List<ChunkRef> chunks = tv.reader().chunks(tv.repo.stat(tv.version, TestVersion.BIG));
    assertTrue(chunks.size() >= 3, "the big file has several chunks: " + chunks.size());
    long h = fs.open("/" + TestVersion.BIG, 0);
    long boundary = 0;
    for (ChunkRef c : chunks) {
      boundary += c.length();
      for (long off : new long[] {boundary - 1, boundary - 4097, boundary - 70_000}) assertRead(want, h, off, 140_001);
    }
    assertRead(want, h, 0, want.length); // every chunk in one read
    assertRead(want, h, want.length - 10, 4097); // short at the end
    Random rnd = new Random(7);
    for (int i = 0; i < 300; i++) assertRead(want, h, rnd.nextInt(want.length), 1 + rnd.nextInt(3 << 20));
    fs.release(h);
  }

  @Test
  void concurrentReadersAgreeWithTheSource() throws Exception {
    byte[] want = Files.readAllBytes(tv.sourceOf("/" + TestVersion.BIG));
    // a cache smaller than the file: chunks are evicted and loaded again while other threads read them
    try (DatasetFileSystem small = new DatasetFileSystem(tv.reader(), new ChunkCache(3 << 20))) {
      long shared = small.open("/" + TestVersion.BIG, 0);
      var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int seed = t;
          done.add(pool.submit(() -> {
            Random rnd = new Random(seed);
            long own = small.open("/" + TestVersion.BIG, 0);
            for (int i = 0; i < 200; i++) {
              long h = i % 2 == 0 ? shared : own;
              int off = rnd.nextInt(want.length);
              int size = 1 + rnd.nextInt(300_000);
              byte[] dst = new byte[size];
              int n = small.read(h, off, ByteBuffer.wrap(dst, 0, size));
              assertEquals(Math.min(size, want.length - off), n);
              assertArrayEquals(Arrays.copyOfRange(want, off, off + n), Arrays.copyOf(dst, n));
            }
            assertArrayEquals(want, readAll(small, own, 131_072));
            small.release(own);
            return null;
          }));
        }
        for (var f : done) f.get();
      } finally {
        pool.shutdown();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
      }
    }
  }

  @Test
  void sequentialReadsLoadTheNextChunksAhead() {
    List<ChunkRef> chunks = tv.reader().chunks(tv.repo.stat(tv.version, TestVersion.BIG));
    assertTrue(chunks.size() >= 4, "the test needs a file of several chunks");
    try (DatasetFileSystem mount = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20))) {
      long h = mount.open("/" + TestVersion.BIG, 0);
      mount.read(h, 0, ByteBuffer.allocate(131_072));
      mount.awaitReadAhead();
      assertEquals(3, mount.chunks().views(), "the chunk read and the two after it, checked once each");
      mount.read(h, 131_072, ByteBuffer.allocate(1000));
      mount.awaitReadAhead();
      assertEquals(3, mount.chunks().views(), "a handle looks a chunk up once");
    }

    try (DatasetFileSystem mount = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20))) {
      long h = mount.open("/" + TestVersion.BIG, 0);
      mount.read(h, chunks.get(0).length() + 10L, ByteBuffer.allocate(100)); // a seek, not sequential
      mount.awaitReadAhead();
      assertEquals(1, mount.chunks().views(), "no read-ahead after a seek");
    }
  }

  @Test
  void compressedChunksAreReadThroughTheCacheAndPrefetchedThere(@TempDir Path dir) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 9 << 20; i++) text.append("line ").append(i * 7919L % 100_003).append(" of text\n");
    byte[] content = text.toString().getBytes(StandardCharsets.US_ASCII);
    try (TestVersion v = TestVersion.ofOneFile(dir, "text.txt", content)) {
      List<ChunkRef> chunks = v.reader().chunks(v.repo.stat(v.version, "text.txt"));
      assertTrue(chunks.size() >= 4, "several chunks: " + chunks.size());
      ChunkCache cache = new ChunkCache(64 << 20);
      try (DatasetFileSystem mount = new DatasetFileSystem(v.reader(), cache)) {
        long h = mount.open("/text.txt", 0);
        ByteBuffer first = ByteBuffer.allocate(131_072);
        assertEquals(131_072, mount.read(h, 0, first));
        assertArrayEquals(Arrays.copyOf(content, 131_072), first.array());
        mount.awaitReadAhead();
        assertEquals(0, mount.chunks().views(), "compressed chunks are decoded, not viewed");
        assertTrue(cache.contains(chunks.get(1).id()) && cache.contains(chunks.get(2).id()));
        assertFalse(cache.contains(chunks.get(3).id()), "two chunks ahead, not more");
      }
    }
  }

  @Test
  void errors() {
    for (int flags : new int[] {1, 2, 01000, 02000, 0100, 0101}) {
      assertErrno(Errno.EROFS, () -> fs.open("/a/one.txt", flags));
    }
    assertErrno(Errno.EROFS, () -> fs.open("/new-file", 0101));
    assertErrno(Errno.EISDIR, () -> fs.open("/a", 0));
    assertErrno(Errno.ENOENT, () -> fs.open("/nope", 0));
    assertErrno(Errno.EBADF, () -> fs.read(987_654, 0, ByteBuffer.allocate(1)));
    long h = fs.open("/a/one.txt", 0);
    fs.release(h);
    assertErrno(Errno.EBADF, () -> fs.read(h, 0, ByteBuffer.allocate(1)));
    assertErrno(Errno.EBADF, () -> fs.release(h));
    assertErrno(Errno.ENOENT, () -> fs.getattr("/nope"));
    assertErrno(Errno.ENOENT, () -> fs.getattr("/nope/deeper"));
    assertErrno(Errno.ENOENT, () -> fs.getattr("/a/nope"));
    assertErrno(Errno.ENOENT, () -> fs.getattr("/a/"));
    assertErrno(Errno.ENOTDIR, () -> fs.getattr("/a/one.txt/x"));
    assertErrno(Errno.ENOTDIR, () -> fs.getattr("/a/one.txt/x/y"));
    assertErrno(Errno.ENOTDIR, () -> fs.readdir("/a/one.txt", 0, 10));
    assertErrno(Errno.ENOENT, () -> fs.readdir("/nope", 0, 10));
  }

  @Test
  void readlink() {
    assertEquals("a/one.txt", fs.readlink("/link"));
    assertEquals(EntryKind.SYMLINK, fs.getattr("/link").kind());
    assertErrno(Errno.EINVAL, () -> fs.readlink("/a/one.txt"));
    assertErrno(Errno.EINVAL, () -> fs.readlink("/a"));
    assertErrno(Errno.ENOENT, () -> fs.readlink("/nope"));
  }

  @Test
  void statfsCountsTheVersion() throws Exception {
    long bytes = 0;
    for (String p : allPaths) {
      Path src = tv.sourceOf(p);
      if (Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) bytes += Files.size(src);
    }
    assertEquals(new FsStats(4096, (bytes + 4095) / 4096, 0, allPaths.size(), 0, 255), fs.statfs());
  }

  @Test
  void extendedAttributes() throws Exception {
    byte[] content = Files.readAllBytes(tv.sourceOf("/data/medium.bin"));
    String sha = ObjectId.hash(content).hex();
    assertEquals(sha, new String(fs.getxattr("/data/medium.bin", "user.datafs.sha256"), StandardCharsets.UTF_8));
    assertEquals(ObjectId.EMPTY.hex(), new String(fs.getxattr("/empty", "user.datafs.sha256"), StandardCharsets.UTF_8));
    assertEquals("cats@v1 " + tv.version.id().hex(),
        new String(fs.getxattr("/", "user.datafs.version"), StandardCharsets.UTF_8));
    assertErrno(Errno.ENODATA, () -> fs.getxattr("/a", "user.datafs.sha256"));
    assertErrno(Errno.ENODATA, () -> fs.getxattr("/link", "user.datafs.sha256"));
    assertErrno(Errno.ENODATA, () -> fs.getxattr("/a/one.txt", "user.datafs.version"));
    assertErrno(Errno.ENODATA, () -> fs.getxattr("/a/one.txt", "user.other"));
    assertErrno(Errno.ENOENT, () -> fs.getxattr("/nope", "user.datafs.sha256"));
    assertEquals(List.of("user.datafs.version"), fs.listxattr("/"));
    assertEquals(List.of("user.datafs.sha256"), fs.listxattr("/a/one.txt"));
    assertEquals(List.of(), fs.listxattr("/a"));
    assertEquals(List.of(), fs.listxattr("/link"));
    assertEquals(tv.version, fs.version());
  }

  // ---- helpers

  static void assertAttributes(DatasetFileSystem fs, String path) throws Exception {
    Path src = tv.sourceOf(path);
    PosixFileAttributes a = Files.readAttributes(src, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Attributes got = fs.getattr(path);
    EntryKind kind = a.isSymbolicLink() ? EntryKind.SYMLINK : a.isDirectory() ? EntryKind.DIR : EntryKind.FILE;
    assertEquals(kind, got.kind(), path);
    long size = switch (kind) {
      case FILE -> a.size();
      case DIR -> 0;
      case SYMLINK -> Files.readSymbolicLink(src).toString().getBytes(StandardCharsets.UTF_8).length;
    };
    assertEquals(size, got.size(), path);
    assertEquals(mode(a), got.mode(), path);
    assertEquals(a.lastModifiedTime().to(TimeUnit.NANOSECONDS), got.mtimeNanos(), path);
    assertEquals(kind == EntryKind.DIR ? 2 : 1, got.nlink(), path);
  }

  static int mode(PosixFileAttributes a) {
    int m = 0;
    for (PosixFilePermission p : a.permissions()) m |= 1 << (8 - p.ordinal());
    return m;
  }

  /** Names of /many, taking {@code take} entries of each page of {@code max}, as a kernel with a full buffer does. */
  static List<String> pageAll(DatasetFileSystem fs, int max, int take) {
    List<String> names = new ArrayList<>();
    long offset = 0;
    while (true) {
      List<DirEntry> page = fs.readdir("/many", offset, max);
      if (page.isEmpty()) return names;
      List<DirEntry> taken = page.subList(0, Math.min(take, page.size()));
      for (DirEntry e : taken) names.add(e.name());
      offset = taken.get(taken.size() - 1).nextOffset();
    }
  }

  /** Lists of thousands of names: report where they part, not both lists. */
  static void assertNames(List<String> expected, List<String> got) {
    int i = 0;
    while (i < Math.min(expected.size(), got.size()) && expected.get(i).equals(got.get(i))) i++;
    if (i < expected.size() || i < got.size()) {
      fail("names differ at index " + i + " of " + expected.size() + ": expected "
          + expected.subList(i, Math.min(i + 3, expected.size())) + ", got "
          + got.subList(i, Math.min(i + 3, got.size())));
    }
  }

  static byte[] readAll(DatasetFileSystem fs, long h, int step) {
    var out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[step];
    for (long off = 0; ; ) {
      int n = fs.read(h, off, ByteBuffer.wrap(buf, 0, step));
      if (n == 0) return out.toByteArray();
      out.write(buf, 0, n);
      off += n;
    }
  }

  void assertRead(byte[] want, long h, long off, int size) {
    byte[] dst = new byte[size];
    int n = fs.read(h, off, ByteBuffer.wrap(dst, 0, size));
    int expect = (int) Math.max(0, Math.min(size, want.length - off));
    assertEquals(expect, n, "read " + size + " at " + off);
    assertArrayEquals(Arrays.copyOfRange(want, (int) off, (int) off + n), Arrays.copyOf(dst, n), "read at " + off);
  }

  static void assertErrno(Errno errno, Executable op) {
    FsException e = assertThrows(FsException.class, op::execute);
    assertEquals(errno, e.errno(), e.getMessage());
  }

  interface Executable {
    void execute();
  }
}
