package io.datafs.fs.fuse;

/**
 * A filesystem that also takes changes: what the FUSE adapter calls on a writable mount. Same conventions as
 * {@link ReadOnlyFs}: absolute paths, failures as {@link io.datafs.fs.FsException} with the errno to answer,
 * concurrent calls. {@link #open} may be asked for writing here. Every refusal (hard links, chown to another
 * owner, device nodes and FIFOs, extended attributes) is the filesystem's to decide, so it is stated in one place.
 */
public interface WritableFs extends ReadOnlyFs {
  /** utimens: leave this time as it is (UTIME_OMIT). */
  long TIME_OMIT = Long.MIN_VALUE;
  /** utimens: set this time to now (UTIME_NOW). */
  long TIME_NOW = Long.MIN_VALUE + 1;

  /**
   * fstat(2) of an open handle: also what libfuse asks after an ftruncate. A file unlinked while open is asked for
   * by its {@code .fuse_hidden*} path, or, once its directory is removed too, by its handle alone with a null
   * {@code path}. This default answers from the path, and ENOENT without one; a filesystem that keeps
   * unlinked-while-open files usable overrides it.
   */
  default io.datafs.fs.Attributes fgetattr(long handle, String path) {
    if (path == null) throw new io.datafs.fs.FsException(io.datafs.fs.Errno.ENOENT, "handle " + handle + " (unlinked)");
    return getattr(path);
  }

  /** Creates a regular file (failing with EEXIST if {@code flags} has O_EXCL and it exists) and opens it. */
  long create(String path, int mode, int flags);

  /** Writes {@code src[0, size)} at {@code offset} (at the end of the file when opened with O_APPEND); returns size. */
  int write(long handle, long offset, byte[] src, int size);

  void truncate(String path, long size);

  void ftruncate(long handle, long size);

  /** close(2) of one descriptor of the handle. */
  void flush(long handle);

  /** Makes the handle's data and the overlay's record of it durable. */
  void fsync(long handle, boolean dataOnly);

  /**
   * fsync(2) of a directory: its entries durable. Without this callback the kernel answers success and tells no one,
   * so a filesystem that keeps entries in memory (a power-cut test's) overrides it.
   */
  default void fsyncdir(String path) {}

  void unlink(String path);

  void mkdir(String path, int mode);

  void rmdir(String path);

  /** rename(2): replaces an existing target (a directory only by an empty directory). */
  void rename(String from, String to);

  void chmod(String path, int mode);

  void chown(String path, long uid, long gid);

  /** Times in nanoseconds since the epoch, or {@link #TIME_OMIT} / {@link #TIME_NOW}. */
  void utimens(String path, long atimeNanos, long mtimeNanos);

  void symlink(String target, String path);

  /**
   * Who just made {@code path} (by create, mknod, mkdir or symlink): the calling process's user and group. A
   * filesystem that shows owners records them; by default every path belongs to the daemon's user.
   */
  default void created(String path, long uid, long gid) {}

  void link(String from, String to);

  void mknod(String path, int mode, long rdev);

  void setxattr(String path, String name, byte[] value, int flags);

  void removexattr(String path, String name);
}
