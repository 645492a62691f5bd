package io.datafs.core.sync;

import io.datafs.core.error.DatafsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs transfers on a small fixed pool: a few requests in flight hide a remote's latency without flooding it. The
 * first failure stops the rest and is thrown as it was.
 */
final class Parallel {
  /** Packs in flight at once. */
  static final int TRANSFERS = 4;

  private Parallel() {}

  interface Task {
    void run() throws Exception;
  }

  static void run(String name, List<Task> tasks) {
    run(name, tasks, TRANSFERS);
  }

  /** As {@link #run(String, List)} with {@code threads} in flight: many small requests want more than packs. */
  static void run(String name, List<Task> tasks, int threads) {
    if (tasks.isEmpty()) return;
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Task t : tasks) {
        futures.add(pool.submit(() -> {
          t.run();
          return null;
        }));
      }
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) throw r;
          if (cause instanceof Error err) throw err;
          throw new DatafsException(name + " failed: " + cause.getMessage(), cause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatafsException("interrupted: " + name);
    } finally {
      pool.shutdownNow();
    }
  }
}
