package io.datafs.fs.fuse;

import static io.datafs.fs.fuse.FuseTestSupport.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.fs.fuse.FuseTestSupport.Result;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writable mount's plumbing on a real kernel mount of a small in-memory {@link WritableFs}: its options, every
 * change reaching the filesystem, and the two libfuse flags the adapter sets. The overlay's own semantics are
 * tested elsewhere.
 */
class FuseWritableMountTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path tmp;
  private Path mnt;
  private final MemoryWritableFs fs = new MemoryWritableFs();
  private FuseMount mount;

  @BeforeEach
  void setUp() throws IOException {
    FuseTestSupport.requireFuse();
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    mount = FuseMount.mount(fs, mnt, "datafs:cats@3", TIMEOUT);
  }

  @AfterEach
  void tearDown() {
    if (mount != null) mount.close();
    FuseMount.forceUnmount(mnt);
  }

  private static void ok(Result r) {
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void mountsReadWriteWithoutKernelCaching() throws Exception {
    String line = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.split(" ")[4].equals(mount.mountPoint().toString())).findFirst().orElseThrow();
    assertTrue(line.split(" ")[5].startsWith("rw,"), line);
    assertTrue(line.contains(" - fuse.datafs datafs:cats@3 rw,"), line);
    assertTrue(line.contains("default_permissions") && line.contains("allow_other"), line);
  }

  @Test
  void shellToolsChangeTheFilesystemAndItsRefusalsReachThem() throws Exception {
    Files.writeString(mnt.resolve("a.txt"), "hello");
    ok(sh(mnt, "sh", "-c", "echo more >> a.txt"));
    assertEquals("hellomore\n", Files.readString(mnt.resolve("a.txt")));
    try (FileChannel ch = FileChannel.open(mnt.resolve("a.txt"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("XY".getBytes(StandardCharsets.UTF_8)), 12);
    }
    assertEquals("hellomore\n\0\0XY", Files.readString(mnt.resolve("a.txt")),
        "a write past the end leaves a hole of zeros");

    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    Files.write(tmp.resolve("big.bin"), big);
    ok(sh(mnt, "dd", "if=" + tmp.resolve("big.bin"), "of=big.bin", "bs=1M", "status=none"));
    assertArrayEquals(big, Files.readAllBytes(mnt.resolve("big.bin")));

    ok(sh(mnt, "mkdir", "-p", "d/e"));
    ok(sh(mnt, "mv", "a.txt", "d/e/b.txt"));
    ok(sh(mnt, "ln", "-s", "d/e/b.txt", "l"));
    assertEquals("hellomore\n", sh(mnt, "head", "-n", "1", "l").out());
    ok(sh(mnt, "chmod", "600", "d/e/b.txt"));
    assertEquals("600\n", sh(mnt, "stat", "-c", "%a", "d/e/b.txt").out());
    ok(sh(mnt, "truncate", "-s", "3", "d/e/b.txt"));
    assertEquals("hel", Files.readString(mnt.resolve("d/e/b.txt")), "no stale size or pages: attr_timeout=0");
    assertTrue(sh(mnt, "rmdir", "d/e").err().contains("Directory not empty"));
    ok(sh(mnt, "rm", "d/e/b.txt", "l"));
    ok(sh(mnt, "rmdir", "d/e", "d"));
    assertEquals(List.of("big.bin"), list(mnt));

    assertTrue(sh(mnt, "ln", "big.bin", "hard").err().contains("Operation not permitted"));
    assertTrue(sh(mnt, "mkfifo", "fifo").err().contains("Operation not permitted"));
    assertTrue(sh(mnt, "setfattr", "-n", "user.x", "-v", "1", "big.bin").err().contains("Operation not supported"));
    assertTrue(sh(mnt, "fallocate", "-l", "10", "big.bin").err().contains("not supported"));
    assertNotEquals(0, sh(mnt, "chown", "1:1", "big.bin").exit());
  }

  @Test
  void touchOfOneTimeLeavesTheOtherAloneUtimeOmitOk() throws Exception {
    ok(sh(mnt, "touch", "f"));
    fs.utimens.clear();
    ok(sh(mnt, "touch", "-m", "f"));
    ok(sh(mnt, "touch", "-a", "f"));
    ok(sh(mnt, "touch", "-m", "-d", "@1600000000.25", "f"));
    assertEquals(List.of("/f OMIT NOW", "/f NOW OMIT", "/f OMIT T"), fs.utimens);
    assertEquals("1600000000.250000000\n", sh(mnt, "stat", "-c", "%.9Y", "f").out());
  }

  @Test
  void aFileUnlinkedWhileOpenGoesByAHiddenNameUntilItsLastClose() throws Exception {
    Path f = mnt.resolve("f");
    try (FileChannel ch = FileChannel.open(
        f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), 0);
      Files.delete(f);
      assertFalse(Files.exists(f));
      List<String> hidden = list(mnt);
      assertTrue(hidden.size() == 1 && hidden.get(0).startsWith(".fuse_hidden"),
          "no hard_remove: libfuse renames the file, which this fake (not the overlay) still lists: " + hidden);
      ch.write(ByteBuffer.wrap("defg".getBytes(StandardCharsets.UTF_8)), 3);
      ch.force(true);
      ByteBuffer b = ByteBuffer.allocate(16);
      ch.read(b, 0);
      assertEquals("abcdefg", new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
      assertEquals(7, ch.size(), "fstat: the kernel asks by inode, libfuse by the hidden path");
    }
    assertEquals(List.of(), listOnceReleased(mnt), "the last close unlinks the hidden name");

    String script = String.join("\n",
        "import os",
        "fd = os.open('g', os.O_CREAT | os.O_RDWR, 0o644)",
        "os.write(fd, b'0123456789')",
        "os.unlink('g')",
        "os.ftruncate(fd, 4)",
        "os.fsync(fd)",
        "print(os.pread(fd, 100, 0).decode())",
        "os.close(fd)");
    Result r = sh(mnt, "/usr/bin/python3", "-c", script);
    assertEquals("0123\n", r.out(), r.err());
    assertEquals(List.of(), listOnceReleased(mnt));
  }

  /** The listing once libfuse has had the release of a closed file (the kernel sends it after close returns). */
  private static List<String> listOnceReleased(Path dir) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!list(dir).isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
    return list(dir);
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
