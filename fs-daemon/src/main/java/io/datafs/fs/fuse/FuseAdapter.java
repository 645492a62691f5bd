package io.datafs.fs.fuse;

import static io.datafs.fs.fuse.FuseOperation.*;
import static io.datafs.fs.fuse.FuseStructs.*;

import com.kenai.jffi.MemoryIO;
import io.datafs.core.tree.EntryKind;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The thin jnr-fuse adapter: every callback is one call into a {@link ReadOnlyFs}, and every
 * failure becomes a negative errno in one place ({@link #call}). Runs under libfuse's multithreaded
 * loop, so callbacks arrive concurrently. One adapter serves one mount; {@link FuseMount} runs it.
 *
 * <p>Over a read-only filesystem everything that would change it answers EROFS without reaching it. Over a
 * {@link WritableFs} every change is one call into it, and the filesystem decides every refusal (hard links,
 * chown, special files, xattrs); only {@code fallocate} is refused here, with EOPNOTSUPP. Values are passed as
 * the kernel gives them, except: modes of create, mkdir and chmod reach the filesystem as permission bits
 * ({@code & 07777}) while mknod gets the whole mode (its file type is what the filesystem judges); a chown uid or
 * gid of {@code (uid_t) -1} ("leave it") arrives as -1; utimens times arrive in nanoseconds, with
 * {@link WritableFs#TIME_NOW} / {@link WritableFs#TIME_OMIT} for UTIME_NOW / UTIME_OMIT.
 *
 * <p>A writable mount sets libfuse's {@code flag_nullpath_ok} and {@code flag_utime_omit_ok}: a file unlinked while
 * open goes by a {@code .fuse_hidden*} path until its last close (see {@link FuseMount}), but one whose directory was
 * removed since has no path, and then read, write, flush, fsync, ftruncate, fgetattr and release arrive with its
 * handle and a null path; every callback copes with a null path. (libfuse takes the handle-only path for ftruncate
 * and fstat only when fgetattr is there, hence {@link WritableFs#fgetattr}.)
 */
public final class FuseAdapter extends FuseStubFS {
  private static final System.Logger LOG = System.getLogger(FuseAdapter.class.getName());

  /** Directory entries asked of the filesystem at a time; the kernel's 4 KiB buffer holds ~100. */
  static final int READDIR_PAGE = 128;
  /** Offsets the kernel sees: 1 after ".", 2 after "..", then 2 + the filesystem's offsets. */
  private static final long DOT_ENTRIES = 2;
  private static final long UNKNOWN_INO = 0xffffffffL;
  private static final int EROFS = -Errno.EROFS.code();

  private static final int ENOSYS = -Errno.ENOSYS.code();
  /** EOPNOTSUPP: the same number as ENOTSUP on Linux. */
  private static final int EOPNOTSUPP = -Errno.ENOTSUP.code();

  private final ReadOnlyFs fs;
  /** The same filesystem when it takes changes; null for a read-only one. */
  private final WritableFs writable;
  private final CompletableFuture<Void> initialized = new CompletableFuture<>();
  private final int fileStatSize;
  private final ThreadLocal<byte[]> writeBuffers = new ThreadLocal<>();
  private final ThreadLocal<FileStat> dirStats;

  /** Named in the log lines of this mount: its source as df shows it. */
  private final String mountName;
  private final MountCounters counters = new MountCounters();

  /** Serves {@code fs}; writable exactly when it is a {@link WritableFs}. */
  public FuseAdapter(ReadOnlyFs fs) {
    this(fs, "datafs");
  }

  /** Serves {@code fs}, its log lines naming {@code mountName} (the mount's source, e.g. "datafs:cats@v3"). */
  public FuseAdapter(ReadOnlyFs fs, String mountName) {
    this.mountName = mountName;
    this.fs = fs;
    this.writable = fs instanceof WritableFs w ? w : null;
    Runtime runtime = Runtime.getSystemRuntime();
    this.fileStatSize = Struct.size(new FileStat(runtime));
    this.dirStats = ThreadLocal.withInitial(() -> FileStat.of(Memory.allocateDirect(runtime, fileStatSize, true)));
    if (writable != null) OperationFlags.set(fuseOperations, OperationFlags.NULLPATH_OK | OperationFlags.UTIME_OMIT_OK);
  }

  /** Whether this adapter passes changes on (the filesystem is a {@link WritableFs}). */
  boolean isWritable() {
    return writable != null;
  }

  /** The flag bit-field's first byte as libfuse will read it: for tests. */
  byte operationFlags() {
    return OperationFlags.get(fuseOperations);
  }

  /** Completes when libfuse's loop has received the kernel's INIT, i.e. the mount is serving. */
  CompletableFuture<Void> initialized() {
    return initialized;
  }

  /** Mounts, then serves on a few Java threads (see {@link SessionLoop}); returns when unmounted. */
  int runLoop(String[] argv) {
    return SessionLoop.run(argv, Struct.getMemory(fuseOperations), Struct.size(fuseOperations), loopThreads(fs));
  }

  /**
   * Requests served at once: a thread per core keeps the cores busy on local content (more only contend in the
   * kernel for the same connection); two per core when reads may wait on a remote (cold small files from S3Proxy:
   * 2,056 files/s with four threads, 1,707 with eight).
   */
  static int loopThreads(ReadOnlyFs fs) {
    int cores = Math.max(2, java.lang.Runtime.getRuntime().availableProcessors());
    return fs.readsWait() ? 2 * cores : cores;
  }

  // ---- the one place failures become errnos ----

  /**
   * Runs a callback, counts it, and turns its failure into a negative errno. Every EIO returned is one log line
   * naming the mount, the operation, the path and the cause (the object and the store file, as the failure says);
   * other errnos are answers (ENOENT, EROFS...), counted only. {@code path} may be null: a file unlinked while open.
   */
  private int call(FuseOperation op, String path, IntSupplier body) {
    int result;
    try {
      result = body.getAsInt();
    } catch (FsException e) {
      result = -e.errno().code();
      if (e.errno() == Errno.EIO) logEio(op, path, e.getMessage());
    } catch (Throwable t) {
      StackTraceElement[] at = t.getStackTrace();
      logEio(op, path, t + (at.length > 0 ? " at " + at[0] : ""));
      result = -Errno.EIO.code();
    }
    counters.record(op, result);
    return result;
  }

  private void logEio(FuseOperation op, String path, String cause) {
    LOG.log(System.Logger.Level.WARNING, mountName + ": " + op.label + " " + path + " answered EIO: " + cause);
  }

  /** What this mount's callbacks did so far. */
  MountCounters counters() {
    return counters;
  }

  // ---- reads ----

  @Override
  public int getattr(String path, FileStat stat) {
    return call(GETATTR, path, () -> fillStat(stat, fs.getattr(path)));
  }

  /** fstat(2): by the handle on a writable mount, where the path is null for a file unlinked while open. */
  @Override
  public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
    return call(FGETATTR, path,
        () -> fillStat(stat, writable != null ? writable.fgetattr(fi.fh.get(), path) : fs.getattr(path)));
  }

  @Override
  public int opendir(String path, FuseFileInfo fi) {
    return call(OPENDIR, path, () -> setHandle(fi, fs.opendir(path)));
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
    return call(READDIR, path, () -> fillDir(path, fi.fh.get(), buf, filler, offset));
  }

  @Override
  public int releasedir(String path, FuseFileInfo fi) {
    return call(RELEASEDIR, path, () -> { fs.releasedir(fi.fh.get()); return 0; });
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    return call(OPEN, path, () -> setHandle(fi, fs.open(path, fi.flags.get())));
  }

  @Override
  public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
    return call(READ, path, () -> readInto(buf, fi.fh.get(), offset, (int) Math.min(size, Integer.MAX_VALUE)));
  }

  @Override
  public int release(String path, FuseFileInfo fi) {
    return call(RELEASE, path, () -> { fs.release(fi.fh.get()); return 0; });
  }

  @Override
  public int readlink(String path, Pointer buf, long size) {
    return call(READLINK, path, () -> putCString(buf, size, fs.readlink(path)));
  }

  @Override
  public int statfs(String path, Statvfs stbuf) {
    return call(STATFS, path, () -> fillStatfs(stbuf, fs.statfs()));
  }

  @Override
  public int getxattr(String path, String name, Pointer value, long size) {
    return call(GETXATTR, path, () -> putSized(value, size, fs.getxattr(path, name)));
  }

  @Override
  public int listxattr(String path, Pointer list, long size) {
    return call(LISTXATTR, path, () -> putSized(list, size, nulTerminated(fs.listxattr(path))));
  }

  @Override
  public int access(String path, int mask) {
    return call(ACCESS, path, () -> checkAccess(fs.getattr(path), mask, writable != null));
  }

  @Override
  public Pointer init(Pointer conn) {
    initialized.complete(null);
    return null;
  }

  // ---- everything that writes: one call into a WritableFs, EROFS on a read-only filesystem ----

  /** A change: EROFS on a read-only filesystem, else {@code body} through {@link #call}. */
  private int change(FuseOperation op, String path, IntSupplier body) {
    return writable == null ? EROFS : call(op, path, body);
  }

  /** A change that answers 0 when it returns. */
  private int change(FuseOperation op, String path, Runnable body) {
    return change(op, path, () -> { body.run(); return 0; });
  }

  @Override public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
    return change(WRITE, path, () -> writeFrom(buf, fi.fh.get(), offset, (int) Math.min(size, Integer.MAX_VALUE)));
  }
  @Override public int create(String path, long mode, FuseFileInfo fi) {
    return change(CREATE, path,
        () -> created(path, setHandle(fi, writable.create(path, permissions(mode), fi.flags.get()))));
  }
  @Override public int mknod(String path, long mode, long rdev) {
    return change(MKNOD, path, () -> { writable.mknod(path, (int) mode, rdev); return created(path, 0); });
  }
  @Override public int mkdir(String path, long mode) {
    return change(MKDIR, path, () -> { writable.mkdir(path, permissions(mode)); return created(path, 0); });
  }
  @Override public int unlink(String path) { return change(UNLINK, path, () -> writable.unlink(path)); }
  @Override public int rmdir(String path) { return change(RMDIR, path, () -> writable.rmdir(path)); }
  @Override public int symlink(String oldpath, String newpath) {
    return change(SYMLINK, newpath, () -> { writable.symlink(oldpath, newpath); return created(newpath, 0); });
  }
  @Override public int rename(String oldpath, String newpath) {
    return change(RENAME, oldpath, () -> writable.rename(oldpath, newpath));
  }
  @Override public int link(String oldpath, String newpath) {
    return change(LINK, newpath, () -> writable.link(oldpath, newpath));
  }
  @Override public int chmod(String path, long mode) {
    return change(CHMOD, path, () -> writable.chmod(path, permissions(mode)));
  }
  @Override public int chown(String path, long uid, long gid) {
    return change(CHOWN, path, () -> writable.chown(path, id(uid), id(gid)));
  }
  @Override public int truncate(String path, long size) {
    return change(TRUNCATE, path, () -> writable.truncate(path, size));
  }
  @Override public int ftruncate(String path, long size, FuseFileInfo fi) {
    return change(FTRUNCATE, path, () -> writable.ftruncate(fi.fh.get(), size));
  }
  @Override public int fallocate(String path, int mode, long off, long length, FuseFileInfo fi) {
    return writable == null ? EROFS : EOPNOTSUPP;
  }
  @Override public int utimens(String path, Timespec[] timespec) {
    return change(UTIMENS, path, () -> writable.utimens(path, nanos(timespec, 0), nanos(timespec, 1)));
  }
  @Override public int setxattr(String path, String name, Pointer value, long size, int flags) {
    return change(SETXATTR, path, () -> writable.setxattr(path, name, bytes(value, size), flags));
  }
  @Override public int removexattr(String path, String name) {
    return change(REMOVEXATTR, path, () -> writable.removexattr(path, name));
  }

  /** Read-only: ENOSYS, as when the callback was not there, so the kernel stops sending flush and fsync at all. */
  @Override public int flush(String path, FuseFileInfo fi) {
    return writable == null ? ENOSYS : call(FLUSH, path, () -> { writable.flush(fi.fh.get()); return 0; });
  }
  @Override public int fsync(String path, int isdatasync, FuseFileInfo fi) {
    return writable == null ? ENOSYS
        : call(FSYNC, path, () -> { writable.fsync(fi.fh.get(), isdatasync != 0); return 0; });
  }
  @Override public int fsyncdir(String path, FuseFileInfo fi) {
    return writable == null ? ENOSYS : call(FSYNCDIR, path, () -> { writable.fsyncdir(path); return 0; });
  }

  /**
   * Tells the filesystem who made {@code path}: the calling process's uid and gid, from libfuse's context. The kernel
   * answers the creating call only after this, so its caller never sees the path owned by anyone else.
   */
  private int created(String path, int result) {
    if (!initialized.isDone()) return result; // called outside libfuse's loop (tests): there is no caller to ask
    FuseContext caller = getContext();
    writable.created(path, caller.uid.get(), caller.gid.get());
    return result;
  }

  // ---- what needs the adapter's state; the rest of the translation to libfuse's structs is in FuseStructs ----

  /**
   * "." and ".." then the filesystem's entries, each with the offset the kernel passes back to
   * resume after it, in pages until the kernel's buffer is full or the directory ends. An entry
   * the buffer refused is asked for again on the next call, from the last accepted offset.
   */
  private int fillDir(String path, long dirHandle, Pointer buf, FuseFillDir filler, long offset) {
    FileStat st = dirStats.get();
    if (offset < 1 && full(filler, buf, st, ".", UNKNOWN_INO, EntryKind.DIR, 1)) return 0;
    if (offset < 2 && full(filler, buf, st, "..", UNKNOWN_INO, EntryKind.DIR, 2)) return 0;
    long pos = Math.max(0, offset - DOT_ENTRIES);
    while (true) {
      List<DirEntry> page = fs.readdir(path, dirHandle, pos, READDIR_PAGE);
      if (page.isEmpty()) return 0;
      for (DirEntry e : page) {
        if (e.nextOffset() <= pos) throw new IllegalStateException("readdir offsets do not advance: " + e);
        if (full(filler, buf, st, e.name(), e.ino(), e.kind(), e.nextOffset() + DOT_ENTRIES)) return 0;
        pos = e.nextOffset();
      }
    }
  }

  /** Reads straight into the kernel's buffer: libfuse's memory seen as a ByteBuffer, no copy on the way. */
  private int readInto(Pointer buf, long handle, long offset, int size) {
    return fs.read(handle, offset, MemoryIO.getInstance().newDirectByteBuffer(buf.address(), size));
  }

  /** Copies the kernel's bytes into a per-thread buffer (at most max_write, 128 KiB, at a time) and writes them. */
  private int writeFrom(Pointer buf, long handle, long offset, int size) {
    byte[] b = writeBuffers.get();
    if (b == null || b.length < size) writeBuffers.set(b = new byte[Math.max(size, 128 * 1024)]);
    if (size > 0) buf.get(0, b, 0, size);
    return writable.write(handle, offset, b, size);
  }

}
