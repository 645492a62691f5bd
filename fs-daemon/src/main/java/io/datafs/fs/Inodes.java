package io.datafs.fs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Inode numbers of one mount of a version, with nothing kept per file: the first time an entry of a directory needs
 * a number, the directory takes a block of as many numbers as it has entries, and each entry's number is the block's
 * first plus the entry's position in the directory. A version never changes, so a position names the same entry for
 * the life of the mount, and a number can be worked out again after its path left every cache. The root is 1.
 * Only directories are remembered, never forgotten (a number must not change while the kernel may hold it): about
 * 100 bytes per directory whose entries were seen, a megabyte for the 10k directories of a 10M-entry version, where a
 * number per path had cost a gigabyte.
 */
public final class Inodes {
  static final long ROOT = 1;

  private final ConcurrentHashMap<String, Long> firstOf = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong(ROOT + 1);

  /**
   * The number of the entry at {@code position} (0-based, in name order) of the directory at {@code dirPath};
   * {@code entries} counts the directory's entries, asked only the first time the directory is met.
   */
  long of(String dirPath, long position, LongSupplier entries) {
    Long first = firstOf.get(dirPath);
    if (first == null) {
      long block = Math.max(1, entries.getAsLong());
      first = firstOf.computeIfAbsent(dirPath, d -> next.getAndAdd(block));
    }
    return first + position;
  }

  /** Directories that have a block of numbers. */
  int directories() {
    return firstOf.size();
  }
}
