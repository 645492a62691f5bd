package io.datafs.core.cache;

import java.io.IOException;
import java.nio.file.FileStore;
import java.util.function.LongSupplier;

/**
 * The free space the chunk cache leaves on its disk ({@code cache.minFreeBytes}), so that imports, commits and the
 * index always have room, and the bytes of the cache's writes under way, which the disk does not show as used yet.
 * Not thread-safe: the cache calls it under its lock.
 */
final class DiskFloor {
  /** What a file takes on disk is counted in blocks of this size (a 100-byte chunk still takes a block). */
  private static final long BLOCK = 4096;

  private final LongSupplier usableBytes;
  private final long floor;
  private long reserved;

  /** @param usableBytes free bytes on the cache's disk now (statvfs); it is asked before every write */
  DiskFloor(LongSupplier usableBytes, long floor) {
    this.usableBytes = usableBytes;
    this.floor = floor;
  }

  /** Free space on {@code store} as it is now; a disk that cannot say has none. */
  static LongSupplier usableSpaceOf(FileStore store) {
    return () -> {
      try {
        return store.getUsableSpace();
      } catch (IOException e) {
        return 0;
      }
    };
  }

  /** Bytes the cache may still write before the disk's free space falls to the floor; negative when below it. */
  long spare() {
    return usableBytes.getAsLong() - reserved - floor;
  }

  void reserve(long bytes) {
    reserved += bytes;
  }

  /** A write under way ended: its bytes are on the disk now (or were never written). */
  void release(long bytes) {
    reserved -= bytes;
  }

  long floor() {
    return floor;
  }

  /** The disk space a file of {@code length} bytes takes. */
  static long onDisk(long length) {
    return (length + BLOCK - 1) / BLOCK * BLOCK;
  }
}
