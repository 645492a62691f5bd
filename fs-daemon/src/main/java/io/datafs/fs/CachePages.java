package io.datafs.fs;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.LibraryLoader;

/**
 * Takes files of the chunk cache out of memory once a mount has read them through. The kernel keeps what a mount
 * served in the mount's own page cache, so without this every byte read from a remote would sit in memory twice:
 * once for the mount, once for the cache file it came from. On one thread of its own, each file is written back
 * ({@code sync_file_range}) and its pages are dropped ({@code POSIX_FADV_DONTNEED}, which leaves dirty pages): the
 * file stays on disk for the next read that misses the mount's cache, and a cold read of a large file grows memory by
 * its size, not twice that. Small files are left alone ({@link #MIN_BYTES}). Only a hint: a file evicted meanwhile, or
 * a full queue, is skipped. The one user of libc's own calls, bound here once; where libc cannot be bound, it does
 * nothing.
 */
final class CachePages {
  private static final System.Logger LOG = System.getLogger("datafs.mount");
  static final CachePages SHARED = new CachePages(); // after LOG, which its start may use
  /**
   * Files smaller than this stay: writing back a small file early costs about as much CPU as a large one (its blocks,
   * its inode, the journal), which measured a quarter more CPU on a cold read of 20k files of 100 KB. The chunks of
   * large files are at least this big (the chunker's minimum).
   */
  static final int MIN_BYTES = 256 << 10;
  private static final int QUEUED = 4_096;
  private static final int O_RDONLY_CLOEXEC = 02000000;
  private static final int SYNC_FILE_RANGE_WAIT_ALL = 1 | 2 | 4; // wait before, write, wait after
  private static final int POSIX_FADV_DONTNEED = 4;

  /** The libc calls used, as jnr-ffi binds them. */
  public interface LibC {
    int open(String path, int flags);

    int sync_file_range(int fd, long offset, long nbytes, int flags);

    int posix_fadvise(int fd, long offset, long len, int advice);

    int close(int fd);
  }

  private final LibC libc = bind();
  private final BlockingQueue<Path> queue = new LinkedBlockingQueue<>(QUEUED);
  private final AtomicLong pending = new AtomicLong(); // handed in, not yet dropped or skipped

  private CachePages() {
    if (libc == null) return;
    Thread t = new Thread(this::run, "datafs-cache-pages");
    t.setDaemon(true);
    t.start();
  }

  /** The cache file {@code file} was read to its end: its pages go once written back. */
  void readThrough(Path file) {
    if (libc == null) return;
    pending.incrementAndGet();
    if (!queue.offer(file)) done(); // far behind: skipping a hint costs only memory
  }

  /** Waits until every file handed in so far was dropped or skipped: for tests. */
  synchronized void awaitIdle() throws InterruptedException {
    while (pending.get() > 0) wait();
  }

  private void done() {
    if (pending.decrementAndGet() == 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private void run() {
    while (true) {
      Path file;
      try {
        file = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        drop(file);
      } finally {
        done();
      }
    }
  }

  private void drop(Path file) {
    int fd = libc.open(file.toString(), O_RDONLY_CLOEXEC);
    if (fd < 0) return; // evicted since
    try {
      libc.sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_ALL);
      libc.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    } finally {
      libc.close(fd);
    }
  }

  private static LibC bind() {
    try {
      return LibraryLoader.create(LibC.class).failImmediately().load("c");
    } catch (LinkageError | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "libc not bound (" + e + "): chunk cache files stay in memory once read");
      return null;
    }
  }
}
