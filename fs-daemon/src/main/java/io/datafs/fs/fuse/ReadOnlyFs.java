package io.datafs.fs.fuse;

import io.datafs.fs.Attributes;
import io.datafs.fs.DirEntry;
import io.datafs.fs.FsStats;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The read-only filesystem the FUSE adapter serves: exactly the calls {@link FuseAdapter} makes.
 * {@code io.datafs.fs.DatasetFileSystem} implements it. Paths are absolute, "/"-separated, as the
 * kernel hands them over ("/" is the root). Every failure is an {@link io.datafs.fs.FsException}
 * carrying the errno to answer with; anything else thrown becomes EIO. Calls arrive concurrently
 * from libfuse's worker threads.
 */
public interface ReadOnlyFs {
  Attributes getattr(String path);

  /**
   * opendir(2): a handle that this directory's {@link #readdir} calls and {@link #releasedir} get. A filesystem whose
   * directories never change needs none (its offsets can be positions), hence 0 by default.
   */
  default long opendir(String path) {
    return 0;
  }

  /**
   * Up to {@code max} entries of the directory open as {@code dirHandle}, without "." and "..", starting after
   * {@code offset} (0 = from the start; otherwise a {@link DirEntry#nextOffset()} this handle returned earlier,
   * which is greater than 0). An empty list means the end.
   */
  List<DirEntry> readdir(String path, long dirHandle, long offset, int max);

  /** closedir(2) of a handle {@link #opendir} gave. */
  default void releasedir(long dirHandle) {}

  /** Opens a file for reading and returns a handle for {@link #read} and {@link #release}. */
  long open(String path, int flags);

  /**
   * Copies the bytes at {@code offset} into {@code dst}, from its position up to its limit (fewer only at the end
   * of the file); returns the count, 0 at EOF.
   */
  int read(long handle, long offset, ByteBuffer dst);

  void release(long handle);

  /** Whether reads may wait on a network (content on a remote): the mount then serves more requests at once. */
  default boolean readsWait() {
    return false;
  }

  String readlink(String path);

  FsStats statfs();

  /** The value of one extended attribute; ENODATA when the path has no such attribute. */
  byte[] getxattr(String path, String name);

  List<String> listxattr(String path);
}
