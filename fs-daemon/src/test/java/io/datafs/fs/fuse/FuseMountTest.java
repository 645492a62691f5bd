package io.datafs.fs.fuse;

import static io.datafs.fs.fuse.FuseTestSupport.BIG;
import static io.datafs.fs.fuse.FuseTestSupport.HELLO;
import static io.datafs.fs.fuse.FuseTestSupport.HELLO_SHA256;
import static io.datafs.fs.fuse.FuseTestSupport.MANY;
import static io.datafs.fs.fuse.FuseTestSupport.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.fs.fuse.FuseTestSupport.Result;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real kernel mounts of the fake filesystem, driven through java.nio and the usual command-line tools. */
class FuseMountTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path tmp;
  private Path mnt;
  private FakeFs fs;
  private final List<FuseMount> mounts = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    FuseTestSupport.requireFuse();
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    fs = FuseTestSupport.sample();
  }

  @AfterEach
  void tearDown() {
    for (FuseMount m : mounts) {
      try {
        m.close();
      } catch (RuntimeException e) {
        System.err.println("unmount in teardown: " + e.getMessage());
      }
    }
    if (mnt != null) FuseMount.forceUnmount(mnt);
  }

  private FuseMount mount() {
    FuseMount m = FuseMount.mount(fs, mnt, "datafs:sample@3", TIMEOUT);
    mounts.add(m);
    return m;
  }

  @Test
  void mountsReadOnlyWithItsOptionsAndUnmounts() throws Exception {
    FuseMount m = mount();
    assertTrue(FuseMount.isMounted(mnt));
    assertTrue(m.isServing());
    assertEquals(mnt.toRealPath(), m.mountPoint());
    String line = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.split(" ")[4].equals(m.mountPoint().toString())).findFirst().orElseThrow();
    assertTrue(line.contains(" ro,") || line.contains(" ro "), line);
    assertTrue(line.contains(" - fuse.datafs datafs:sample@3 "), line);
    assertTrue(line.contains("default_permissions") && line.contains("allow_other"), line);
    assertEquals(Path.of(System.getProperty("user.dir")).toRealPath(), Path.of("/proc/self/cwd").toRealPath(),
        "libfuse must not chdir the JVM");

    m.unmount();
    assertFalse(FuseMount.isMounted(mnt));
    assertTrue(m.awaitTerminated(Duration.ofSeconds(5)));
    assertFalse(m.isServing());
    m.unmount(); // idempotent
    m.close();
  }

  @Test
  void readsFilesThroughJavaAndSubprocesses() throws Exception {
    mount();
    assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")));
    byte[] big = Files.readAllBytes(mnt.resolve("data/big.bin"));
    assertEquals(BIG.size(), big.length);
    assertArrayEquals(BIG.slice(0, big.length), big);

    try (FileChannel ch = FileChannel.open(mnt.resolve("data/big.bin"))) {
      ByteBuffer b = ByteBuffer.allocate(1000);
      ch.read(b, 3_333_333);
      assertArrayEquals(BIG.slice(3_333_333, 1000), b.array());
    }
    assertEquals(HELLO, sh(mnt, "cat", "hello.txt").out());
    assertEquals(BIG.sha256() + "  data/big.bin\n", sh(mnt, "sha256sum", "data/big.bin").out());
    assertEquals(BIG.sha256() + "  data/link\n", sh(mnt, "sha256sum", "data/link").out(), "through the symlink");
    assertEquals("spaces and unicode\n", Files.readString(mnt.resolve("data/with space é.txt")));
    assertEquals("hi\n", sh(mnt, "sh", "-c", "./data/run.sh").out(), "an executable runs");
    assertEquals(fs.opens.get(), fs.releases.get() + fs.openHandles());
  }

  @Test
  void listsStatsAndReadsLinks() throws Exception {
    mount();
    Result ls = sh(mnt, "ls", "-la", "data");
    assertEquals(0, ls.exit(), ls.err());
    assertTrue(ls.out().lines().anyMatch(l -> l.matches("-rw-r--r-- 1 root root +" + BIG.size() + " .* big\\.bin")),
        ls.out());
    assertTrue(ls.out().lines().anyMatch(l -> l.matches("-rwxr-xr-x 1 root root +18 .* run\\.sh")), ls.out());
    assertTrue(ls.out().contains("link -> big.bin"), ls.out());
    assertTrue(ls.out().lines().anyMatch(l -> l.startsWith("lrwxrwxrwx") && l.endsWith("link -> big.bin")), ls.out());
    assertTrue(ls.out().lines().anyMatch(l -> l.startsWith("drwxr-xr-x") && l.endsWith(" many")), ls.out());

    long ino = fs.lookup("/data/big.bin").ino;
    Result stat = sh(mnt, "stat", "-c", "%s %a %F %i %h %U %G %Y %y %b %B %o", "data/big.bin");
    assertEquals(0, stat.exit(), stat.err());
    long sec = FakeFs.MTIME_NANOS / 1_000_000_000L;
    String[] f = stat.out().trim().split(" ");
    assertEquals(List.of(String.valueOf(BIG.size()), "644", "regular", "file", String.valueOf(ino), "1", "root", "root",
            String.valueOf(sec)),
        List.of(f).subList(0, 9));
    assertTrue(stat.out().contains(".123456789 "), "nanoseconds of mtime: " + stat.out());
    assertEquals(String.valueOf((BIG.size() + 511) / 512), f[f.length - 3]);
    assertEquals("4096", f[f.length - 1], "st_blksize");

    assertEquals("big.bin\n", sh(mnt, "readlink", "data/link").out());
    assertEquals(Path.of("big.bin"), Files.readSymbolicLink(mnt.resolve("data/link")));
    assertEquals("symbolic link\n", sh(mnt, "stat", "-c", "%F", "data/link").out());
    assertEquals("directory 3\n", sh(mnt, "stat", "-c", "%F %h", "data").out());

    // a directory larger than one kernel readdir buffer: resumed by offset, nothing lost or repeated
    Set<String> names = new HashSet<>();
    List<String> all = new ArrayList<>();
    try (DirectoryStream<Path> d = Files.newDirectoryStream(mnt.resolve("data/many"))) {
      for (Path p : d) all.add(p.getFileName().toString());
    }
    names.addAll(all);
    assertEquals(MANY, all.size());
    assertEquals(MANY, names.size());
    Result lsMany = sh(mnt, "ls", "-1a", "data/many");
    assertEquals(MANY + 2, lsMany.out().lines().count());
    assertTrue(lsMany.out().startsWith(".\n..\nf0000-\nf0001-x\n"), lsMany.out().substring(0, 40));
    Result inodes = sh(mnt, "ls", "-1i", "data/many");
    long first = fs.lookup("/data/many/f0000-").ino;
    assertTrue(inodes.out().lines().findFirst().orElseThrow().trim().startsWith(first + " "),
        "readdir's inode numbers are the filesystem's (use_ino)");

    Result missing = sh(mnt, "stat", "no-such-file");
    assertNotEquals(0, missing.exit());
    assertTrue(missing.err().contains("No such file or directory"), missing.err());
    Result boom = sh(mnt, "stat", "bad/boom");
    assertTrue(boom.err().contains("Input/output error"), "an unexpected exception is EIO: " + boom.err());
    assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")), "the mount survives it");
  }

  @Test
  void servesExtendedAttributes() throws Exception {
    mount();
    Result get = sh(mnt, "getfattr", "--only-values", "-n", "user.datafs.sha256", "hello.txt");
    assertEquals(0, get.exit(), get.err() + " (getfattr is in the 'attr' package)");
    assertEquals(HELLO_SHA256, get.out());
    Result dump = sh(mnt, "getfattr", "-d", "data/big.bin");
    assertTrue(dump.out().contains("user.datafs.sha256=\"" + BIG.sha256() + "\""), dump.out());
    assertTrue(dump.out().contains("user.datafs.chunks=\"17\""), dump.out());
    Result none = sh(mnt, "getfattr", "-n", "user.nope", "hello.txt");
    assertNotEquals(0, none.exit());
    assertTrue(none.err().contains("No such attribute"), none.err());

    UserDefinedFileAttributeView view = Files.getFileAttributeView(mnt.resolve("data/big.bin"),
        UserDefinedFileAttributeView.class);
    assertEquals(Set.of("datafs.sha256", "datafs.chunks"), Set.copyOf(view.list()));
    ByteBuffer v = ByteBuffer.allocate(view.size("datafs.sha256"));
    view.read("datafs.sha256", v);
    assertEquals(BIG.sha256(), new String(v.array(), StandardCharsets.UTF_8));
  }

  @Test
  void everyWriteFailsWithReadOnlyFileSystem() throws Exception {
    mount();
    String[][] writes = {
      {"sh", "-c", "echo x > hello.txt"},
      {"sh", "-c", "echo x >> hello.txt"},
      {"touch", "new-file"},
      {"touch", "hello.txt"},
      {"rm", "-f", "hello.txt"},
      {"mkdir", "newdir"},
      {"rmdir", "data/many"},
      {"mv", "hello.txt", "moved.txt"},
      {"ln", "-s", "hello.txt", "newlink"},
      {"ln", "hello.txt", "hardlink"},
      {"chmod", "600", "hello.txt"},
      {"chown", "nobody", "hello.txt"},
      {"truncate", "-s", "0", "hello.txt"},
      {"setfattr", "-n", "user.x", "-v", "1", "hello.txt"},
      {"setfattr", "-x", "user.datafs.sha256", "hello.txt"},
      {"mknod", "fifo", "p"},
    };
    for (String[] w : writes) {
      Result r = sh(mnt, w);
      assertNotEquals(0, r.exit(), String.join(" ", w));
      assertTrue(r.err().contains("Read-only file system"), String.join(" ", w) + ": " + r.err());
    }
    FileSystemException e = assertThrows(FileSystemException.class,
        () -> Files.writeString(mnt.resolve("hello.txt"), "x"));
    assertEquals("Read-only file system", e.getReason());
    e = assertThrows(FileSystemException.class,
        () -> FileChannel.open(mnt.resolve("data/big.bin"), StandardOpenOption.WRITE));
    assertEquals("Read-only file system", e.getReason());
    assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")));
  }

  @Test
  void reportsStatfs() throws Exception {
    mount();
    Result st = sh(mnt, "stat", "-f", "-c", "%S %s %b %f %a %c %d %l %T", ".");
    assertEquals(0, st.exit(), st.err());
    assertEquals("4096 4096 12345 0 0 678 0 255 fuseblk", st.out().trim().replace("fuse ", "fuseblk "), st.out());
    Result df = sh(mnt, "df", "-T", ".");
    assertTrue(df.out().contains("datafs:sample@3") && df.out().contains("fuse.datafs"), df.out());
  }

  @Test
  void unmountWhileAReaderHoldsAFileOpen() throws Exception {
    FuseMount m = mount();
    try (FileChannel ch = FileChannel.open(mnt.resolve("data/big.bin"))) {
      ByteBuffer b = ByteBuffer.allocate(4096);
      ch.read(b, 0);
      assertArrayEquals(BIG.slice(0, 4096), b.array());

      m.unmount();
      assertFalse(FuseMount.isMounted(mnt), "detached at once");
      assertTrue(m.isServing(), "the open file is still served");
      assertEquals(List.of(), listNames(mnt), "the mount point is the empty directory again");

      b.clear();
      ch.read(b, 4_000_000);
      assertArrayEquals(BIG.slice(4_000_000, 4096), b.array(), "the open fd still reads");
    }
    assertTrue(m.awaitTerminated(Duration.ofSeconds(10)), "the loop ends once the last file is closed");
    // The kernel may tear the connection down before the detached file's RELEASE reaches the loop:
    // handles still open when the loop ends are the filesystem's to drop when it is closed.
    System.out.println("handles left open after a lazy unmount: " + fs.openHandles());
    mount(); // the same directory mounts again
    assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")));
  }

  @Test
  void refusesBadMountPointsWithNothingMounted() throws Exception {
    Path missing = tmp.resolve("missing");
    FuseMountException e = assertThrows(FuseMountException.class, () -> FuseMount.mount(fs, missing, "x", TIMEOUT));
    assertEquals("mount point " + missing + " does not exist", e.getMessage());

    Path full = Files.createDirectory(tmp.resolve("full"));
    Files.writeString(full.resolve("f"), "x");
    e = assertThrows(FuseMountException.class, () -> FuseMount.mount(fs, full, "x", TIMEOUT));
    assertEquals("mount point " + full + " is not empty", e.getMessage());
    assertFalse(FuseMount.isMounted(full));

    Path file = Files.writeString(tmp.resolve("file"), "x");
    e = assertThrows(FuseMountException.class, () -> FuseMount.mount(fs, file, "x", TIMEOUT));
    assertEquals("mount point " + file + " is not a directory", e.getMessage());

    mount();
    e = assertThrows(FuseMountException.class, () -> FuseMount.mount(fs, mnt, "x", TIMEOUT));
    assertTrue(e.getMessage().contains("is already a mount point"), e.getMessage());
    assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")), "the first mount is untouched");
  }

  @Test
  void aLoopThatStopsBeforeServingIsAFailureWithNothingMounted() {
    FuseMountException e = assertThrows(FuseMountException.class,
        () -> FuseMount.mount(fs, mnt, "x", TIMEOUT, ",no_such_libfuse_option"));
    assertTrue(e.getMessage().startsWith("cannot mount at " + mnt + ": libfuse stopped with status "), e.getMessage());
    assertFalse(FuseMount.isMounted(mnt));
  }

  @Test
  void aMountNotReadyInTimeIsUndone() throws Exception {
    FuseMountException e = assertThrows(FuseMountException.class, () -> FuseMount.mount(fs, mnt, "x", Duration.ZERO));
    assertEquals("cannot mount at " + mnt + ": the kernel did not start talking to it within 0 ms", e.getMessage());
    assertFalse(FuseMount.isMounted(mnt));
    // The loop may still be mounting when mount() gives up: wait for it to end, then nothing may be left.
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("datafs-fuse-loop " + mnt)) t.join(Duration.ofSeconds(20).toMillis());
    }
    assertTrue(
        Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("datafs-fuse-loop " + mnt)),
        "the loop thread has ended");
    assertFalse(FuseMount.isMounted(mnt), "a late mount is detached too");
    mount();
    assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")));
  }

  @Test
  void severalMountsAtOnceOneWithASpaceInItsPath() throws Exception {
    FuseMount first = mount();
    Path spaced = Files.createDirectory(tmp.resolve("mnt with\ttab and space"));
    FuseMount second = FuseMount.mount(FuseTestSupport.sample(), spaced, "datafs:other", TIMEOUT);
    mounts.add(second);
    try {
      assertTrue(FuseMount.isMounted(spaced), "mountinfo's \\040 and \\011 are undone");
      assertEquals(HELLO, Files.readString(spaced.resolve("hello.txt")));
      assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")));
      first.unmount();
      assertFalse(FuseMount.isMounted(mnt));
      assertEquals(BIG.sha256() + "  data/big.bin\n", sh(spaced, "sha256sum", "data/big.bin").out(),
          "the other mount is untouched");
    } finally {
      second.close();
    }
    assertFalse(FuseMount.isMounted(spaced));
  }

  @Test
  void aDaemonThatExitsWithoutUnmountingLeavesNothingMounted() throws Exception {
    Process daemon = startChild("exit");
    assertEquals(0, daemon.waitFor(), new String(daemon.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertFalse(FuseMount.isMounted(mnt), "the shutdown hook detached it");
    assertEquals(List.of(), listNames(mnt));
  }

  @Test
  void forceUnmountWithNothingMountedIsNoError() {
    FuseMount.forceUnmount(mnt);
    FuseMount.forceUnmount(tmp.resolve("does-not-exist"));
    assertFalse(FuseMount.isMounted(mnt));
  }

  @Test
  void forceUnmountCleansTheDeadMountOfAKilledDaemon() throws Exception {
    Process daemon = startChild("wait");
    try {
      String first = new String(daemon.getInputStream().readNBytes(8), StandardCharsets.UTF_8);
      assertEquals("mounted\n", first);
      assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")));
      daemon.destroyForcibly().waitFor(); // kill -9: no unmount
      assertTrue(FuseMount.isMounted(mnt), "a dead mount stays in the mount table");
      IOException dead = assertThrows(IOException.class, () -> listNames(mnt));
      assertTrue(String.valueOf(dead.getMessage()).contains("Transport endpoint is not connected"), dead.toString());
      FuseMountException e = assertThrows(FuseMountException.class, () -> FuseMount.mount(fs, mnt, "x", TIMEOUT));
      assertTrue(e.getMessage().contains("is already a mount point"), e.getMessage());

      FuseMount.forceUnmount(mnt);
      assertFalse(FuseMount.isMounted(mnt));
      FuseMount.forceUnmount(mnt);
      mount();
      assertEquals(HELLO, Files.readString(mnt.resolve("hello.txt")));
    } finally {
      daemon.destroyForcibly();
    }
  }

  /** A separate JVM that mounts the sample at {@link #mnt}, prints "mounted", then waits to be killed or exits. */
  private Process startChild(String then) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(java, "-cp", cp, MountChild.class.getName(), mnt.toString(), then)
        .redirectErrorStream(true).start();
  }

  private static List<String> listNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
      for (Path p : d) names.add(p.getFileName().toString());
    }
    return names;
  }
}
