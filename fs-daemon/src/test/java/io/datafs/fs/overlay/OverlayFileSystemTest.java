package io.datafs.fs.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.fs.Attributes;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.fuse.WritableFs;
import java.nio.ByteBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay engine without FUSE: each operation, status, commit with writes during it, and reopening. */
class OverlayFileSystemTest {
  private static final int RW = 2;
  private static final int CREAT = 0100;

  @TempDir Path tmp;
  private Repository repo;
  private Version v1;
  private final List<String> steps = new ArrayList<>();
  private Consumer<String> onStep = s -> {};

  @BeforeEach
  void setUp() throws IOException {
    Path src = tmp.resolve("src");
    write(src.resolve("a/one.txt"), "one\n");
    write(src.resolve("a/b/deep.txt"), "deep\n");
    write(src.resolve("top.txt"), "top\n");
    byte[] big = new byte[3 << 20];
    new Random(1).nextBytes(big);
    Files.createDirectories(src);
    Files.write(src.resolve("big.bin"), big);
    repo = Repository.open(tmp.resolve("home"), d -> new MemoryKvStore());
    repo.importFolder(src, new DatasetName("cats"), new ImportOptions("v1", "me", Map.of()), ImportProgress.NONE);
    v1 = repo.resolve("cats");
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private OverlayFileSystem open() {
    CommitSteps record = step -> {
      steps.add(step);
      onStep.accept(step);
    };
    return new Overlays(repo, new ChunkCache(64 << 20), record).open(tmp.resolve("mnt"), v1);
  }

  @Test
  void createsWritesAndReadsBack() {
    OverlayFileSystem fs = open();
    long h = fs.create("/new.txt", 0644, CREAT | RW);
    fs.write(h, 0, bytes("hello"), 5);
    fs.write(h, 10, bytes("x"), 1);
    assertEquals(11, fs.getattr("/new.txt").size());
    assertEquals("hello\0\0\0\0\0x", read(fs, "/new.txt"));
    fs.release(h);
  }

  @Test
  void writeCopiesUpABaseFileAndOtherHandlesSeeIt() {
    OverlayFileSystem fs = open();
    long reader = fs.open("/a/one.txt", 0);
    long writer = fs.open("/a/one.txt", RW);
    assertEquals("one\n", readHandle(fs, reader, 100));
    fs.write(writer, 0, bytes("ONE"), 3);
    assertEquals("ONE\n", readHandle(fs, reader, 100));
    assertEquals(List.of("M a/one.txt"), status(fs));
  }

  @Test
  void truncateCopiesOnlyWhatItKeeps() {
    OverlayFileSystem fs = open();
    fs.truncate("/big.bin", 10);
    assertEquals(10, fs.getattr("/big.bin").size());
    fs.truncate("/top.txt", 8);
    assertEquals("top\n\0\0\0\0", read(fs, "/top.txt"));
  }

  @Test
  void unlinkRenameAndDirectoriesShowInStatus() {
    OverlayFileSystem fs = open();
    fs.unlink("/top.txt");
    assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> fs.getattr("/top.txt")).errno());
    fs.rename("/a", "/renamed");
    assertEquals("deep\n", read(fs, "/renamed/b/deep.txt"));
    assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> fs.getattr("/a")).errno());
    fs.mkdir("/d", 0755);
    fs.release(fs.create("/d/x", 0600, CREAT | RW));
    assertEquals(Errno.ENOTEMPTY, assertThrows(FsException.class, () -> fs.rmdir("/d")).errno());
    assertEquals(List.of("A d", "A d/x", "R a -> renamed", "D top.txt"), status(fs));
    assertEquals(List.of("big.bin", "d", "renamed"), names(fs, "/"));
  }

  @Test
  void renameIntoAMovedDirectoryAndBackKeepsContent() {
    OverlayFileSystem fs = open();
    long h = fs.open("/a/b/deep.txt", RW);
    fs.write(h, 0, bytes("DEEP"), 4);
    fs.rename("/a", "/z");
    fs.rename("/z/b", "/b2");
    assertEquals("DEEP\n", read(fs, "/b2/deep.txt"));
    assertEquals("DEEP\n", readHandle(fs, h, 100));
    fs.rename("/b2", "/z/b");
    fs.rename("/z", "/a");
    assertEquals("DEEP\n", read(fs, "/a/b/deep.txt"));
  }

  @Test
  void refusesWhatCommitCouldNotKeep() {
    OverlayFileSystem fs = open();
    assertEquals(Errno.EPERM, assertThrows(FsException.class, () -> fs.link("/top.txt", "/l")).errno());
    assertEquals(Errno.EPERM, assertThrows(FsException.class, () -> fs.mknod("/fifo", 010644, 0)).errno());
    assertEquals(Errno.EPERM, assertThrows(FsException.class, () -> fs.symlink("../../etc/passwd", "/s")).errno());
    assertEquals(Errno.EPERM, assertThrows(FsException.class, () -> fs.chown("/top.txt", 4242, 4242)).errno());
    assertEquals(Errno.ENOTSUP,
        assertThrows(FsException.class, () -> fs.setxattr("/top.txt", "user.x", new byte[1], 0)).errno());
    assertEquals(Errno.ENAMETOOLONG,
        assertThrows(FsException.class, () -> fs.mkdir("/" + "n".repeat(256), 0755)).errno());
    assertEquals(Errno.EINVAL, assertThrows(FsException.class, () -> fs.mkdir("/bad\uFFFD", 0755)).errno());
    assertTrue(fs.status().isEmpty());
  }

  @Test
  void renamesThatWouldLetASymlinkLeaveTheDatasetAreRefused() {
    OverlayFileSystem fs = open();
    fs.mkdir("/a/b/c", 0755);
    fs.symlink("../../../top.txt", "/a/b/c/l"); // climbs to the root from a/b/c: inside
    assertEperm(() -> fs.rename("/a/b/c/l", "/esc"));
    assertEperm(() -> fs.rename("/a/b/c", "/c"), "a staged directory holding it, moved up");
    assertEperm(() -> fs.rename("/a/b", "/b"), "a base directory with staged nodes below, moved up");
    fs.rename("/a/b/c/l", "/a/b/c/same-depth");
    fs.mkdir("/deeper", 0755);
    fs.rename("/a", "/deeper/a"); // deeper: every link stays inside
    fs.rename("/deeper/a", "/a");
    fs.commit(new ImportOptions("link", "me", Map.of()), false);

    assertEperm(() -> fs.rename("/a/b", "/b"), "the link is in the version now: judged by the tree's id");
    assertEperm(() -> fs.rename("/a/b/c/same-depth", "/a/up"));
    fs.unlink("/a/b/c/same-depth");
    fs.rename("/a/b", "/b"); // nothing left that would leave
    assertEquals(List.of("c", "deep.txt"), names(fs, "/b"));
    assertEquals(3, fs.commit(new ImportOptions("moved up", "me", Map.of()), false).version().record().number());
  }

  private static void assertEperm(org.junit.jupiter.api.function.Executable op) {
    assertEperm(op, "");
  }

  private static void assertEperm(org.junit.jupiter.api.function.Executable op, String why) {
    assertEquals(Errno.EPERM, assertThrows(FsException.class, op, why).errno(), why);
  }

  @Test
  void commitPublishesAndKeepsWhatWasWrittenDuringIt() throws IOException {
    OverlayFileSystem fs = open();
    long h = fs.create("/new.txt", 0644, CREAT | RW);
    fs.write(h, 0, bytes("first"), 5);
    fs.unlink("/top.txt");
    fs.rename("/a/one.txt", "/one-moved.txt");
    onStep = step -> {
      if (!step.equals("built")) return;
      fs.write(h, 0, bytes("SECOND"), 6); // the sealed data file must not change under the commit
      fs.release(fs.create("/late.txt", 0644, CREAT | RW));
      fs.unlink("/new.txt");
    };
    ImportResult r = fs.commit(new ImportOptions("c", "me", Map.of()), false);
    assertEquals(2, r.version().record().number());
    assertEquals(r.version(), fs.base());
    assertEquals("first", cat(r.version(), "new.txt"));
    assertThrows(RuntimeException.class, () -> repo.stat(r.version(), "top.txt"));
    assertEquals("one\n", cat(r.version(), "one-moved.txt"));
    // what was written during the commit is still staged, over the new version
    assertEquals(List.of("A late.txt", "D new.txt"), status(fs));
    assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> fs.getattr("/new.txt")).errno());
    assertEquals("SECOND", readHandle(fs, h, 100)); // an open handle keeps working
    assertEquals(List.of("sealed", "built", "packed", "rebased", "batched", "published", "done"), steps);
  }

  @Test
  void nothingToCommitIsRefusedUnlessAllowed() {
    OverlayFileSystem fs = open();
    assertThrows(InvalidInputException.class, () -> fs.commit(new ImportOptions("", "me", Map.of()), false));
    assertEquals(2, fs.commit(new ImportOptions("", "me", Map.of()), true).version().record().number());
  }

  @Test
  void reopenedOverlayShowsTheSameAndCommitsIt() throws IOException {
    OverlayFileSystem fs = open();
    fs.write(fs.create("/new.txt", 0644, CREAT | RW), 0, bytes("kept"), 4);
    fs.chmod("/top.txt", 0600);
    fs.rename("/a/b", "/b");
    fs.close();
    OverlayFileSystem again = open();
    assertEquals(List.of("R a/b -> b", "A new.txt", "M top.txt"), status(again));
    assertEquals(0600, again.getattr("/top.txt").mode());
    assertEquals("kept", read(again, "/new.txt"));
    Version v2 = again.commit(new ImportOptions("c", "me", Map.of()), false).version();
    assertEquals("deep\n", cat(v2, "b/deep.txt"));
    assertEquals(0600, repo.stat(v2, "top.txt").mode());
    assertTrue(again.status().isEmpty());
  }

  @Test
  void discardRestoresTheBase() {
    OverlayFileSystem fs = open();
    fs.unlink("/top.txt");
    fs.rename("/a", "/x");
    fs.mkdir("/new", 0755);
    assertEquals(1, fs.discard(List.of("x")));
    assertEquals("one\n", read(fs, "/a/one.txt"));
    assertEquals(List.of("A new", "D top.txt"), status(fs));
    fs.discard(List.of());
    assertTrue(fs.status().isEmpty());
    assertEquals("top\n", read(fs, "/top.txt"));
  }

  // ---- helpers

  private String cat(Version v, String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, path, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static List<String> status(OverlayFileSystem fs) {
    return fs.status().stream()
        .map(c -> c.kind().letter() + " " + (c.from() != null ? c.from() + " -> " : "") + c.path())
        .toList();
  }

  @Test
  void inodesKeepTheirNumbersAcrossRenamesAndTheirTimesAndCreators() {
    OverlayFileSystem fs = open();
    List<Long> before =
        List.of(fs.getattr("/a").ino(), fs.getattr("/a/one.txt").ino(), fs.getattr("/a/b/deep.txt").ino());
    assertEquals(3, fs.getattr("/a").nlink(), "2 + its subdirectory b");
    fs.rename("/a", "/moved");
    assertEquals(before, List.of(fs.getattr("/moved").ino(), fs.getattr("/moved/one.txt").ino(),
        fs.getattr("/moved/b/deep.txt").ino()));
    fs.mkdir("/moved/c", 0755);
    assertEquals(4, fs.getattr("/moved").nlink());

    fs.utimens("/moved", WritableFs.TIME_OMIT, 1_000_000_000L);
    fs.release(fs.create("/moved/new", 0644, CREAT | RW));
    Attributes dir = fs.getattr("/moved");
    assertTrue(dir.mtimeNanos() > 1_000_000_000L && dir.ctimeNanos() == dir.mtimeNanos(), dir.toString());
    assertTrue(fs.status().stream().noneMatch(c -> c.kind() == StagedChange.Kind.MODIFIED), "entries' times: no M");

    fs.utimens("/top.txt", 4_000_000_000_123_456_789L, 1_500_000_000_000_000_001L);
    Attributes top = fs.getattr("/top.txt");
    assertEquals(List.of(4_000_000_000_123_456_789L, 1_500_000_000_000_000_001L),
        List.of(top.atimeNanos(), top.mtimeNanos()));
    fs.chmod("/top.txt", 0600);
    assertTrue(fs.getattr("/top.txt").ctimeNanos() > top.ctimeNanos());

    fs.release(fs.create("/theirs", 0644, CREAT | RW));
    fs.created("/theirs", 1000, 1001);
    assertEquals(List.of(1000L, 1001L), List.of(fs.getattr("/theirs").uid(), fs.getattr("/theirs").gid()));
    fs.chown("/theirs", 1000, -1);
    assertEquals(Errno.EPERM, assertThrows(FsException.class, () -> fs.chown("/theirs", 0, 0)).errno());
  }

  @Test
  void aFileUnlinkedWhileOpenGoesByItsHiddenNameLongNamesAndHugeSizesAreRefused() {
    OverlayFileSystem fs = open();
    long ino = fs.getattr("/top.txt").ino();
    long h = fs.open("/top.txt", RW);
    String hidden = "/" + OpenFiles.HIDDEN + "0000000200000001";
    fs.rename("/top.txt", hidden); // what libfuse does to a file unlinked while open
    Attributes gone = fs.getattr(hidden);
    assertEquals(List.of(0, 4L, ino), List.of(gone.nlink(), gone.size(), gone.ino()));
    assertEquals(List.of("a", "big.bin"), names(fs, "/"));
    assertEquals("top\n", readHandle(fs, h, 100));
    fs.release(h);
    fs.unlink(hidden); // libfuse, at the last close
    assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> fs.getattr(hidden)).errno());
    assertEquals(1, fs.status().size(), "top.txt deleted, nothing hidden staged");

    String tooLong = "/a/" + "n".repeat(256);
    assertEquals(Errno.ENAMETOOLONG, assertThrows(FsException.class, () -> fs.getattr(tooLong)).errno());
    assertEquals(Errno.ENAMETOOLONG, assertThrows(FsException.class, () -> fs.link("/a/one.txt", tooLong)).errno());
    assertEquals(Errno.ENAMETOOLONG, assertThrows(FsException.class, () -> fs.mknod(tooLong, 010644, 0)).errno());
    assertEquals(Errno.EEXIST, assertThrows(FsException.class, () -> fs.link("/a/one.txt", "/big.bin")).errno());
    FsException huge = assertThrows(FsException.class, () -> fs.truncate("/a/one.txt", 999_999_999_999_999L));
    assertEquals(Errno.EFBIG, huge.errno(), huge.getMessage());
    assertEquals(4, fs.getattr("/a/one.txt").size());
  }

  private static List<String> names(OverlayFileSystem fs, String dir) {
    long h = fs.opendir(dir);
    try {
      return fs.readdir(dir, h, 0, 1000).stream().map(DirEntry::name).toList();
    } finally {
      fs.releasedir(h);
    }
  }

  static String read(OverlayFileSystem fs, String path) {
    long h = fs.open(path, 0);
    try {
      return readHandle(fs, h, 1 << 20);
    } finally {
      fs.release(h);
    }
  }

  static String readHandle(OverlayFileSystem fs, long h, int max) {
    byte[] b = new byte[max];
    int n = fs.read(h, 0, ByteBuffer.wrap(b, 0, max));
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path p, String content) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
