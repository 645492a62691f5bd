package io.datafs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.fs.Errno;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The adapter over a {@link WritableFs}: each change callback is one call into it (no kernel mount; needs libfuse 2).
 */
class WritableFuseAdapterTest {
  private static final Runtime RT = Runtime.getSystemRuntime();
  private static final int O_WRONLY = 1, O_CREAT = 0100, O_APPEND = 02000;
  private final RecordingWritableFs fs = new RecordingWritableFs(FuseTestSupport.sample());
  private final FuseAdapter adapter = new FuseAdapter(fs);

  private static Pointer mem(int size) {
    return Memory.allocateDirect(RT, size, true);
  }

  private static FuseFileInfo fileInfo(long handle) {
    FuseFileInfo fi = FuseFileInfo.of(mem(128));
    fi.fh.set(handle);
    return fi;
  }

  private static Timespec time(long sec, long nsec) {
    Timespec t = Timespec.of(mem(16));
    t.tv_sec.set(sec);
    t.tv_nsec.set(nsec);
    return t;
  }

  @Test
  void aWritableFsGetsNullpathOkAndUtimeOmitOkAReadOnlyOneNeither() {
    assertTrue(adapter.isWritable());
    assertEquals(0b101, adapter.operationFlags());
    FuseAdapter readOnly = new FuseAdapter(FuseTestSupport.sample());
    assertFalse(readOnly.isWritable());
    assertEquals(0, readOnly.operationFlags());
  }

  @Test
  void everyChangeIsOneCallIntoTheFilesystem() {
    FuseFileInfo fi = fileInfo(7);
    assertEquals(0, adapter.mknod("/n", FileStat.S_IFREG | 0644, 0));
    assertEquals(0, adapter.mkdir("/d", 0755));
    assertEquals(0, adapter.unlink("/hello.txt"));
    assertEquals(0, adapter.rmdir("/d"));
    assertEquals(0, adapter.symlink("data/big.bin", "/big"));
    assertEquals(0, adapter.rename("/a", "/data/b"));
    assertEquals(0, adapter.link("/hello.txt", "/h2"));
    assertEquals(0, adapter.chmod("/hello.txt", FileStat.S_IFREG | 04751));
    assertEquals(0, adapter.chown("/hello.txt", 1000, 0xffffffffL));
    assertEquals(0, adapter.truncate("/hello.txt", 3));
    assertEquals(0, adapter.ftruncate("/hello.txt", 5, fi));
    assertEquals(0, adapter.flush("/hello.txt", fi));
    assertEquals(0, adapter.fsync("/hello.txt", 1, fi));
    assertEquals(0, adapter.fsync("/hello.txt", 0, fi));
    Pointer value = mem(3);
    value.put(0, "abc".getBytes(StandardCharsets.UTF_8), 0, 3);
    assertEquals(0, adapter.setxattr("/hello.txt", "user.x", value, 3, 1));
    assertEquals(0, adapter.setxattr("/hello.txt", "user.empty", null, 0, 0));
    assertEquals(0, adapter.removexattr("/hello.txt", "user.x"));
    assertEquals(List.of(
        "mknod /n 100644 0", "mkdir /d 755", "unlink /hello.txt", "rmdir /d", "symlink data/big.bin /big",
        "rename /a /data/b", "link /hello.txt /h2", "chmod /hello.txt 4751", "chown /hello.txt 1000 -1",
        "truncate /hello.txt 3", "ftruncate 7 5", "flush 7", "fsync 7 true", "fsync 7 false",
        "setxattr /hello.txt user.x abc 1", "setxattr /hello.txt user.empty  0", "removexattr /hello.txt user.x"),
        fs.calls);
  }

  @Test
  void createOpensWithTheFlagsAndHandsBackTheHandle() {
    FuseFileInfo fi = fileInfo(0);
    fi.flags.set(O_WRONLY | O_CREAT | O_APPEND);
    assertEquals(0, adapter.create("/new.txt", FileStat.S_IFREG | 0640, fi));
    assertEquals(500, fi.fh.get());
    assertEquals(List.of("create /new.txt 640 " + (O_WRONLY | O_CREAT | O_APPEND)), fs.calls);
    fi.flags.set(O_WRONLY);
    assertEquals(0, adapter.open("/hello.txt", fi), "open for writing reaches the filesystem");
    assertEquals(501, fi.fh.get());
  }

  @Test
  void writeCopiesTheKernelsBytesAndAnswersTheCount() {
    byte[] data = new byte[131072];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + 7);
    Pointer buf = mem(data.length);
    buf.put(0, data, 0, data.length);
    assertEquals(data.length, adapter.write("/f", buf, data.length, 1L << 33, fileInfo(9)));
    assertArrayEquals(data, fs.written);
    buf.put(0, "xyz".getBytes(StandardCharsets.UTF_8), 0, 3);
    assertEquals(3, adapter.write("/f", buf, 3, 0, fileInfo(9)));
    assertArrayEquals("xyz".getBytes(StandardCharsets.UTF_8), fs.written,
        "only size bytes, not the reused buffer's rest");
    assertEquals(List.of("write 9 8589934592 131072", "write 9 0 3"), fs.calls);
  }

  @Test
  void utimensMapsUtimeNowAndOmitAndNanoseconds() {
    assertEquals(0, adapter.utimens("/hello.txt",
        new Timespec[] {time(0, FuseStructs.UTIME_NOW), time(1_700_000_000L, 123_456_789)}));
    assertEquals(0,
        adapter.utimens("/hello.txt", new Timespec[] {time(5, FuseStructs.UTIME_OMIT), time(-2, 500_000_000)}));
    assertEquals(0, adapter.utimens("/hello.txt", null));
    assertEquals(List.of("utimens /hello.txt NOW 1700000000123456789", "utimens /hello.txt OMIT -1500000000",
        "utimens /hello.txt NOW NOW"), fs.calls);
    assertEquals(-Errno.EINVAL.code(),
        adapter.utimens("/hello.txt", new Timespec[] {time(0, 1_000_000_000L), time(0, 0)}));
    assertEquals(-Errno.EINVAL.code(),
        adapter.utimens("/hello.txt", new Timespec[] {time(Long.MAX_VALUE / 10, 0), time(0, 0)}));
  }

  @Test
  void refusalsOfTheFilesystemBecomeTheirErrnosAndBugsEIO() {
    fs.failing("link", Errno.EPERM).failing("setxattr", Errno.ENOTSUP).failing("mkdir", Errno.ENAMETOOLONG)
        .failing("write", Errno.ENOSPC);
    fs.failures.put("rename", new IllegalStateException("simulated bug"));
    assertEquals(-Errno.EPERM.code(), adapter.link("/hello.txt", "/h2"));
    assertEquals(-Errno.ENOTSUP.code(), adapter.setxattr("/hello.txt", "user.x", mem(1), 1, 0));
    assertEquals(-Errno.ENAMETOOLONG.code(), adapter.mkdir("/" + "x".repeat(256), 0755));
    assertEquals(-Errno.ENOSPC.code(), adapter.write("/f", mem(4), 4, 0, fileInfo(1)));
    assertEquals(-Errno.EIO.code(), adapter.rename("/a", "/b"));
    assertEquals(-95, adapter.fallocate("/hello.txt", 0, 0, 10, fileInfo(1)),
        "EOPNOTSUPP, without asking the filesystem");
    assertFalse(fs.calls.stream().anyMatch(c -> c.startsWith("fallocate")));
  }

  @Test
  void aFileUnlinkedWhileOpenIsServedByItsHandleWithANullPath() {
    FuseFileInfo fi = fileInfo(42);
    assertEquals(4, adapter.write(null, mem(4), 4, 0, fi));
    assertEquals(0, adapter.read(null, mem(4), 4, 0, fi));
    assertEquals(0, adapter.ftruncate(null, 0, fi));
    assertEquals(0, adapter.flush(null, fi));
    assertEquals(0, adapter.fsync(null, 0, fi));
    assertEquals(0, adapter.release(null, fi));
    assertEquals(List.of("write 42 0 4", "read 42 0 4", "ftruncate 42 0", "flush 42", "fsync 42 false", "release 42"),
        fs.calls);
    fs.failing("flush", Errno.EBADF);
    assertEquals(-Errno.EBADF.code(), adapter.flush(null, fi));
    fs.failures.put("fsync", new IllegalStateException("bug"));
    assertEquals(-Errno.EIO.code(), adapter.fsync(null, 0, fi), "logged with a null path, answered EIO");
  }

  @Test
  void fgetattrAsksByHandleAndTheDefaultNeedsAPath() {
    FileStat st = FileStat.of(mem(256));
    assertEquals(0, adapter.fgetattr("/hello.txt", st, fileInfo(3)));
    assertEquals(FileStat.S_IFREG | 0644, st.st_mode.intValue());
    assertEquals(-Errno.ENOENT.code(), adapter.fgetattr(null, st, fileInfo(3)),
        "WritableFs's default: no path, ENOENT");
    assertEquals(0, new FuseAdapter(FuseTestSupport.sample()).fgetattr("/data", st, fileInfo(3)), "read-only: by path");
    assertEquals(FileStat.S_IFDIR | 0755, st.st_mode.intValue());
  }

  @Test
  void accessForWritingIsAllowedOnAWritableMount() {
    assertEquals(0, adapter.access("/hello.txt", 2));
    assertEquals(0, adapter.access("/data", 2 | 1));
    assertEquals(-Errno.ENOENT.code(), adapter.access("/nope", 2));
  }

  @Test
  void aReadOnlyFsAnswersFlushAndFsyncENOSYSSoTheKernelStopsAsking() {
    FuseAdapter readOnly = new FuseAdapter(FuseTestSupport.sample());
    assertEquals(-Errno.ENOSYS.code(), readOnly.flush("/hello.txt", fileInfo(1)));
    assertEquals(-Errno.ENOSYS.code(), readOnly.fsync("/hello.txt", 0, fileInfo(1)));
    assertEquals(-Errno.EROFS.code(), readOnly.fallocate("/hello.txt", 0, 0, 1, fileInfo(1)));
  }
}
