package io.datafs.fs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Loads chunks before a sequential reader asks for them, on a few threads of its own. At most {@code maxInFlight}
 * prefetches are queued or running; beyond that a prefetch is dropped, not queued, so a fast reader never builds up
 * a backlog of work it has already done itself.
 */
final class ReadAhead implements AutoCloseable {
  private final ExecutorService pool;
  private final Semaphore inFlight;
  private final int maxInFlight;

  ReadAhead(int threads, int maxInFlight) {
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "datafs-readahead");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code load} soon, unless too many are in flight. Its failure is ignored: the read that needs it retries. */
  void prefetch(Runnable load) {
    if (!inFlight.tryAcquire()) return;
    try {
      pool.execute(() -> {
        try {
          load.run();
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

  /** Waits until no prefetch is queued or running: for tests. */
  void awaitIdle() throws InterruptedException {
    inFlight.acquire(maxInFlight);
    inFlight.release(maxInFlight);
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
