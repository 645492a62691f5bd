package io.datafs.fs;

import io.datafs.core.id.ObjectId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Loads chunks into the cache before a sequential reader asks for them, on a few threads of its own. At most
 * {@code maxInFlight} prefetches are queued or running; beyond that a prefetch is dropped, not queued, so a fast
 * reader never builds up a backlog of work it has already done itself.
 */
final class ReadAhead implements AutoCloseable {
  private final ChunkCache cache;
  private final Function<ObjectId, byte[]> load;
  private final ExecutorService pool;
  private final Semaphore inFlight;

  ReadAhead(ChunkCache cache, Function<ObjectId, byte[]> load, int threads, int maxInFlight) {
    this.cache = cache;
    this.load = load;
    this.inFlight = new Semaphore(maxInFlight);
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "datafs-readahead");
      t.setDaemon(true);
      return t;
    });
  }

  void prefetch(ObjectId id) {
    if (cache.contains(id) || !inFlight.tryAcquire()) return;
    try {
      pool.execute(() -> {
        try {
          cache.get(id, load);
        } catch (RuntimeException e) {
          // ignored: the read that needs this chunk loads it again and reports the failure
        } finally {
          inFlight.release();
        }
      });
    } catch (RejectedExecutionException e) { // closed
      inFlight.release();
    }
  }

  /** Lets queued prefetches finish (each is one chunk read), then stops the threads. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) pool.shutdownNow();
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
