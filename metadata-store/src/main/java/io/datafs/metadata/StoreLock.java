package io.datafs.metadata;

import io.datafs.core.error.StoreIoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The index's own lock, taken before RocksDB opens the database. RocksDB rotates its info LOG and deletes old
 * ones before it reaches its LOCK file, so a process that only retried {@code RocksDB.open} while another held
 * the store renamed the holder's live log and raced it deleting old ones (an open failed with "unlink(): No such
 * file"). Waiting on this lock instead means RocksDB is opened only by the process that will own it.
 *
 * <p>An OS file lock belongs to the process, and closing any channel of the file drops it, so a second open in
 * the same JVM is refused from {@link #HELD_HERE} without opening the file again.
 */
final class StoreLock implements AutoCloseable {
  static final String FILE_NAME = "datafs.lock";
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel channel;

  private StoreLock(Path dir, FileChannel channel) {
    this.dir = dir;
    this.channel = channel;
  }

  /** Takes the lock of the index in {@code dir}, or returns null while this or another process holds it. */
  static StoreLock tryTake(Path dir) {
    if (!HELD_HERE.add(dir)) return null;
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) return new StoreLock(dir, channel);
      channel.close();
      HELD_HERE.remove(dir);
      return null;
    } catch (IOException | RuntimeException e) {
      try {
        if (channel != null) channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      HELD_HERE.remove(dir);
      if (e instanceof IOException io) throw new StoreIoException("locking the index at " + dir, io);
      throw (RuntimeException) e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close(); // releases the lock
    } finally {
      HELD_HERE.remove(dir);
    }
  }
}
