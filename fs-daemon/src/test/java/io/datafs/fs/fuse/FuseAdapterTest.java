package io.datafs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.fs.Errno;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/** The adapter's callbacks called directly, on native structs, without a kernel mount (needs libfuse 2 loadable). */
class FuseAdapterTest {
  private static final Runtime RT = Runtime.getSystemRuntime();
  private final FakeFs fs = FuseTestSupport.sample();
  private final FuseAdapter adapter = new FuseAdapter(fs);

  private static Pointer mem(int size) {
    return Memory.allocateDirect(RT, size, true);
  }

  private static FileStat stat() {
    return FileStat.of(mem(Struct.size(new FileStat(RT))));
  }

  private static FuseFileInfo fileInfo() {
    return FuseFileInfo.of(mem(128));
  }

  @Test
  void getattrFillsTypeModeSizeInodeTimesAndBlocks() {
    FileStat st = stat();
    assertEquals(0, adapter.getattr("/data/big.bin", st));
    assertEquals(FileStat.S_IFREG | 0644, st.st_mode.intValue());
    assertEquals(FuseTestSupport.BIG.size(), st.st_size.longValue());
    assertEquals(fs.lookup("/data/big.bin").ino, st.st_ino.longValue());
    assertEquals(1, st.st_nlink.intValue());
    assertEquals((FuseTestSupport.BIG.size() + 511) / 512, st.st_blocks.longValue());
    assertEquals(4096, st.st_blksize.intValue());
    assertEquals(FakeFs.MTIME_NANOS / 1_000_000_000L, st.st_mtim.tv_sec.get());
    assertEquals(FakeFs.MTIME_NANOS % 1_000_000_000L, st.st_mtim.tv_nsec.longValue());

    assertEquals(0, adapter.getattr("/data", st));
    assertEquals(FileStat.S_IFDIR | 0755, st.st_mode.intValue());
    assertEquals(0, adapter.getattr("/data/link", st));
    assertEquals(FileStat.S_IFLNK | 0777, st.st_mode.intValue());
    assertEquals("big.bin".length(), st.st_size.longValue());
  }

  @Test
  void failuresBecomeNegativeErrnos() {
    assertEquals(-Errno.ENOENT.code(), adapter.getattr("/nope", stat()));
    assertEquals(-Errno.ENOTDIR.code(), adapter.getattr("/hello.txt/x", stat()));
    assertEquals(-Errno.EIO.code(), adapter.getattr("/bad/boom", stat()), "not an FsException: EIO");
    assertEquals(-Errno.EISDIR.code(), adapter.read("/data", mem(16), 16, 0, fileInfo()));
    assertEquals(-Errno.ENOENT.code(), adapter.read("/nope", mem(16), 16, 0, fileInfo()));
    assertEquals(-Errno.ENODATA.code(), adapter.getxattr("/hello.txt", "user.nope", mem(16), 16));
    assertEquals(-Errno.EINVAL.code(), adapter.readlink("/hello.txt", mem(16), 16));
  }

  @Test
  void everyWriteIsEROFSWithoutReachingTheFilesystem() {
    int erofs = -Errno.EROFS.code();
    FuseFileInfo fi = fileInfo();
    List<Integer> answers = List.of(
        adapter.write("/hello.txt", mem(8), 8, 0, fi), adapter.create("/new", 0644, fi), adapter.mknod("/n", 0644, 0),
        adapter.mkdir("/d", 0755), adapter.unlink("/hello.txt"), adapter.rmdir("/data"), adapter.symlink("/a", "/b"),
        adapter.rename("/hello.txt", "/x"), adapter.link("/hello.txt", "/y"), adapter.chmod("/hello.txt", 0600),
        adapter.chown("/hello.txt", 1, 1), adapter.truncate("/hello.txt", 0), adapter.ftruncate("/hello.txt", 0, fi),
        adapter.fallocate("/hello.txt", 0, 0, 10, fi), adapter.utimens("/hello.txt", new Timespec[2]),
        adapter.setxattr("/hello.txt", "user.x", mem(1), 1, 0), adapter.removexattr("/hello.txt", "user.datafs.sha256"),
        adapter.access("/hello.txt", 2));
    for (int a : answers) assertEquals(erofs, a);
    assertEquals(0, adapter.access("/hello.txt", 0));
    assertEquals(0, adapter.access("/hello.txt", 4));
    assertEquals(-Errno.EACCES.code(), adapter.access("/hello.txt", 1));
    assertEquals(0, adapter.access("/data/run.sh", 1));
    assertEquals(0, adapter.access("/data", 1));
    assertEquals(-Errno.ENOENT.code(), adapter.access("/nope", 0));
  }

  @Test
  void aReadOnlyMountHasNoOpenAndReadsByPath() {
    FuseFileInfo fi = fileInfo();
    fi.flags.set(0);
    assertEquals(-Errno.ENOSYS.code(), adapter.open("/data/big.bin", fi), "the kernel then sends no OPEN again");
    assertEquals(0, fs.opens.get(), "not asked of the filesystem");
    Pointer buf = mem(131072);
    assertEquals(131072, adapter.read("/data/big.bin", buf, 131072, 1_000_000, fi));
    byte[] got = new byte[131072];
    buf.get(0, got, 0, got.length);
    assertArrayEquals(FuseTestSupport.BIG.slice(1_000_000, 131072), got);
    assertEquals(123, adapter.read("/data/big.bin", buf, 4096, 5L * 1024 * 1024, fi), "short read at the end");
    assertEquals(0, adapter.read("/data/big.bin", buf, 4096, FuseTestSupport.BIG.size(), fi), "0 at EOF");
    assertEquals(0, fs.openHandles(), "ReadOnlyFs's own read by path leaves no handle open");
  }

  @Test
  void everyEioIsOneLogLineNamingTheMountThePathAndTheCause() {
    fs.file("/bad/rotten", "x").eio = "read /bad/rotten: object 1f2e in pack file /h/packs/p.pack is corrupt (CRC32C)";
    FuseAdapter named = new FuseAdapter(fs, "datafs:cats@v2 at /mnt/cats");
    List<String> log = new ArrayList<>();
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(FuseAdapter.class.getName());
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        log.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(capture);
    try {
      assertEquals(-Errno.EIO.code(), named.getattr("/bad/rotten", stat()));
      assertEquals(-Errno.EIO.code(), named.getattr("/bad/boom", stat()));
      assertEquals(-Errno.ENOENT.code(), named.getattr("/nope", stat()), "an answer, not a failure: not logged");
    } finally {
      jul.removeHandler(capture);
    }
    assertEquals(List.of("datafs:cats@v2 at /mnt/cats: getattr /bad/rotten answered EIO: read /bad/rotten: object 1f2e"
        + " in pack file /h/packs/p.pack is corrupt (CRC32C)"), log.subList(0, 1));
    assertEquals(2, log.size(), String.join("\n", log));
    assertTrue(log.get(1).startsWith("datafs:cats@v2 at /mnt/cats: getattr /bad/boom answered EIO: "
        + "java.lang.IllegalStateException: simulated bug in getattr of /bad/boom at "), log.get(1));
  }

  @Test
  void countsEveryCallItsBytesAndItsErrnos() {
    FuseFileInfo fi = fileInfo();
    assertEquals(-Errno.ENOSYS.code(), adapter.open("/data/big.bin", fi));
    Pointer buf = mem(131072);
    assertEquals(131072, adapter.read("/data/big.bin", buf, 131072, 0, fi));
    assertEquals(123, adapter.read("/data/big.bin", buf, 4096, 5L * 1024 * 1024, fi));
    adapter.getattr("/nope", stat());
    adapter.getattr("/bad/boom", stat());
    MountCounters c = adapter.counters();
    assertEquals(java.util.Map.of("open", 1L, "read", 2L, "getattr", 2L), c.calls(), "the open's ENOSYS is no error");
    assertEquals(131072 + 123, c.bytesRead());
    assertEquals(java.util.Map.of(Errno.ENOENT.code(), 1L, Errno.EIO.code(), 1L), c.errors());
  }

  @Test
  void readlinkCopiesTheTargetWithANulTruncatingToTheBuffer() {
    Pointer buf = mem(64);
    assertEquals(0, adapter.readlink("/data/link", buf, 64));
    assertEquals("big.bin", buf.getString(0));
    buf = mem(8);
    buf.putByte(7, (byte) 'Z');
    assertEquals(0, adapter.readlink("/data/link", buf, 4));
    assertEquals("big", buf.getString(0));
  }

  @Test
  void xattrsProbeWithSizeZeroAndAnswerERANGEWhenTooSmall() {
    byte[] sha = FuseTestSupport.HELLO_SHA256.getBytes(StandardCharsets.UTF_8);
    assertEquals(sha.length, adapter.getxattr("/hello.txt", "user.datafs.sha256", Pointer.wrap(RT, 0L), 0));
    assertEquals(-Errno.ERANGE.code(), adapter.getxattr("/hello.txt", "user.datafs.sha256", mem(10), 10));
    Pointer buf = mem(sha.length);
    assertEquals(sha.length, adapter.getxattr("/hello.txt", "user.datafs.sha256", buf, sha.length));
    byte[] got = new byte[sha.length];
    buf.get(0, got, 0, got.length);
    assertArrayEquals(sha, got);

    byte[] list = "user.datafs.chunks\0user.datafs.sha256\0".getBytes(StandardCharsets.UTF_8);
    assertEquals(list.length, adapter.listxattr("/data/big.bin", Pointer.wrap(RT, 0L), 0));
    assertEquals(-Errno.ERANGE.code(), adapter.listxattr("/data/big.bin", mem(list.length - 1), list.length - 1));
    buf = mem(100);
    assertEquals(list.length, adapter.listxattr("/data/big.bin", buf, 100));
    got = new byte[list.length];
    buf.get(0, got, 0, got.length);
    assertArrayEquals(list, got);
    assertEquals(0, adapter.listxattr("/data", mem(10), 10), "no attributes: an empty list");
  }

  @Test
  void statfsFillsTheBlockAndFileCounts() {
    Statvfs st = Statvfs.of(mem(256));
    assertEquals(0, adapter.statfs("/", st));
    assertEquals(4096, st.f_bsize.longValue());
    assertEquals(4096, st.f_frsize.longValue());
    assertEquals(12345, st.f_blocks.get());
    assertEquals(0, st.f_bfree.get());
    assertEquals(0, st.f_bavail.get());
    assertEquals(678, st.f_files.get());
    assertEquals(0, st.f_ffree.get());
    assertEquals(255, st.f_namemax.longValue());
  }

  /** A kernel buffer that takes {@code room} entries per call, like libfuse's filler in offset mode. */
  private static final class Filler implements FuseFillDir {
    final int room;
    final List<String> names = new ArrayList<>();
    final List<Long> inos = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    int taken;

    Filler(int room) {
      this.room = room;
    }

    @Override
    public int apply(Pointer buf, ByteBuffer name, Pointer stbuf, long off) {
      if (taken == room) return 1;
      taken++;
      byte[] b = new byte[name.remaining()];
      name.get(b);
      assertEquals(0, b[b.length - 1], "NUL-terminated");
      assertTrue(off > 0, "offset form");
      names.add(new String(b, 0, b.length - 1, StandardCharsets.UTF_8));
      inos.add(FileStat.of(stbuf).st_ino.longValue());
      offsets.add(off);
      return 0;
    }
  }

  @Test
  void readdirResumesFromTheLastOffsetTheKernelTook() {
    List<String> all = new ArrayList<>();
    long offset = 0;
    int calls = 0;
    while (true) {
      Filler f = new Filler(37);
      assertEquals(0, adapter.readdir("/data/many", null, f, offset, fileInfo()));
      calls++;
      if (f.names.isEmpty()) break;
      all.addAll(f.names);
      offset = f.offsets.get(f.offsets.size() - 1);
    }
    assertEquals(FuseTestSupport.MANY + 2, all.size());
    assertEquals(List.of(".", ".."), all.subList(0, 2));
    assertEquals("f0000-", all.get(2));
    assertEquals(FuseTestSupport.MANY + 2, all.stream().distinct().count());
    assertEquals((FuseTestSupport.MANY + 2 + 36) / 37 + 1, calls);

    Filler f = new Filler(Integer.MAX_VALUE);
    assertEquals(0, adapter.readdir("/data", null, f, 0, fileInfo()));
    assertEquals(List.of(".", "..", "big.bin", "link", "many", "run.sh", "with space é.txt"), f.names);
    assertEquals(fs.lookup("/data/big.bin").ino, f.inos.get(2));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), f.offsets);
    assertEquals(-Errno.ENOTDIR.code(), adapter.readdir("/hello.txt", null, new Filler(10), 0, fileInfo()));
  }
}
