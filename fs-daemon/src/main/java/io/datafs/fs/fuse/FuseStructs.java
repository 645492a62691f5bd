package io.datafs.fs.fuse;

import io.datafs.core.tree.EntryKind;
import io.datafs.fs.Attributes;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.FsStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * Translation between the filesystem's values and libfuse's structs and conventions, for {@link FuseAdapter}: stat and
 * statvfs filled in, directory entries handed to the filler, C strings and sized xattr values, utimens times, the
 * access(2) check. Stateless.
 */
final class FuseStructs {
  private static final int W_OK = 2, X_OK = 1;
  private static final long OWNER_UID = processOwner("unix:uid");
  private static final long OWNER_GID = processOwner("unix:gid");
  /** utimensat(2)'s special tv_nsec values. */
  static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;
  /** (uid_t) -1 and (gid_t) -1 as jnr hands them over: "leave it as it is". */
  private static final long UNCHANGED_ID = 0xffffffffL;

  private FuseStructs() {}

  static int fillStat(FileStat st, Attributes a) {
    st.st_mode.set(typeBits(a.kind()) | (a.mode() & 07777));
    st.st_ino.set(a.ino());
    st.st_nlink.set(a.nlink());
    st.st_size.set(a.size());
    st.st_uid.set(a.uid() >= 0 ? a.uid() : OWNER_UID);
    st.st_gid.set(a.gid() >= 0 ? a.gid() : OWNER_GID);
    st.st_blksize.set(4096);
    st.st_blocks.set((a.size() + 511) / 512);
    setTime(st.st_mtim, a.mtimeNanos());
    setTime(st.st_atim, a.atimeNanos());
    setTime(st.st_ctim, a.ctimeNanos());
    return 0;
  }

  static void setTime(Timespec t, long nanos) {
    t.tv_sec.set(Math.floorDiv(nanos, 1_000_000_000L));
    t.tv_nsec.set(Math.floorMod(nanos, 1_000_000_000L));
  }

  static int typeBits(EntryKind kind) {
    return switch (kind) {
      case FILE -> FileStat.S_IFREG;
      case DIR -> FileStat.S_IFDIR;
      case SYMLINK -> FileStat.S_IFLNK;
    };
  }

  static boolean full(
      FuseFillDir filler, Pointer buf, FileStat st, String name, long ino, EntryKind kind, long next) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] cString = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, cString, 0, utf8.length);
    st.st_ino.set(ino);
    st.st_mode.set(typeBits(kind));
    return filler.apply(buf, ByteBuffer.wrap(cString), Struct.getMemory(st), next) != 0;
  }

  static int setHandle(FuseFileInfo fi, long handle) {
    fi.fh.set(handle);
    return 0;
  }

  static int permissions(long mode) {
    return (int) (mode & 07777);
  }

  static long id(long uidOrGid) {
    return uidOrGid == UNCHANGED_ID ? -1 : uidOrGid;
  }

  /** One time of utimens in nanoseconds, or TIME_NOW / TIME_OMIT; no times at all (utimes(NULL)) means now. */
  static long nanos(Timespec[] times, int i) {
    if (times == null || times.length <= i || times[i] == null) return WritableFs.TIME_NOW;
    long nsec = times[i].tv_nsec.longValue();
    if (nsec == UTIME_NOW) return WritableFs.TIME_NOW;
    if (nsec == UTIME_OMIT) return WritableFs.TIME_OMIT;
    if (nsec < 0 || nsec >= 1_000_000_000L) throw new FsException(Errno.EINVAL, "utimens tv_nsec " + nsec);
    try {
      return Math.addExact(Math.multiplyExact(times[i].tv_sec.get(), 1_000_000_000L), nsec);
    } catch (ArithmeticException e) {
      throw new FsException(Errno.EINVAL, "utimens time out of range: " + times[i].tv_sec.get() + " s");
    }
  }

  static byte[] bytes(Pointer value, long size) {
    if (size < 0 || size > Integer.MAX_VALUE) throw new FsException(Errno.EINVAL, "xattr size " + size);
    byte[] b = new byte[(int) size];
    if (size > 0) value.get(0, b, 0, b.length);
    return b;
  }

  static int putCString(Pointer buf, long size, String s) {
    if (size <= 0) return -Errno.EINVAL.code();
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int n = (int) Math.min(b.length, size - 1);
    buf.put(0, b, 0, n);
    buf.putByte(n, (byte) 0);
    return 0;
  }

  /** xattr convention: size 0 asks for the length; a buffer too small is ERANGE. */
  static int putSized(Pointer dst, long size, byte[] value) {
    if (size == 0) return value.length;
    if (value.length > size) return -Errno.ERANGE.code();
    dst.put(0, value, 0, value.length);
    return value.length;
  }

  static byte[] nulTerminated(List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) sb.append(n).append('\0');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static int fillStatfs(Statvfs st, FsStats s) {
    st.f_bsize.set(s.blockSize());
    st.f_frsize.set(s.blockSize());
    st.f_blocks.set(s.blocks());
    st.f_bfree.set(s.blocksFree());
    st.f_bavail.set(s.blocksFree());
    st.f_files.set(s.files());
    st.f_ffree.set(s.filesFree());
    st.f_favail.set(s.filesFree());
    st.f_namemax.set(s.nameMax());
    return 0;
  }

  /**
   * access(2), asked only without default_permissions: exists, writable only on a writable mount (whose modes the
   * kernel checks with default_permissions), x needs an x bit.
   */
  static int checkAccess(Attributes a, int mask, boolean writable) {
    if ((mask & W_OK) != 0 && !writable) return -Errno.EROFS.code();
    if ((mask & X_OK) != 0 && a.kind() != EntryKind.DIR && (a.mode() & 0111) == 0) return -Errno.EACCES.code();
    return 0;
  }

  static long processOwner(String attribute) {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), attribute)).longValue();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
