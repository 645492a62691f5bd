package io.datafs.fs;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.id.ObjectId;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.TreeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warms the cache for a reader of remote content in shuffled order (a training loader's {@code shuffle=True}), which
 * no read-ahead serves: each file would cost a request of its own. Once {@value #SHUFFLED_OPENS} files of the mount
 * were opened out of their directory's order, the whole version, when its bytes fit in the warm-up's budget (a
 * quarter of what the cache can hold, as for any prefetch), else each directory opened out of order that still fits
 * in what is left of that budget, is fetched into the cache in pack order, by large ranged reads on the cache's fetch
 * threads, on a thread of its own. Reads go on meanwhile: one whose chunk a span under way claimed waits for it, one
 * whose span has not started fetches its own chunk (which the warm-up then finds cached). A version much larger than
 * the cache is not warmed: its files are each read once an epoch anyway, and a warm-up would evict them before use.
 */
final class ShuffleWarmup implements AutoCloseable {
  static final int SHUFFLED_OPENS = 32;
  /** Chunks are asked for in batches of this many files or bytes: the walk's memory stays bounded. */
  private static final int BATCH_FILES = 8_192;
  private static final long BATCH_BYTES = 512L << 20;
  private static final System.Logger LOG = System.getLogger("datafs.remote");

  private final VersionReader reader;
  private final AtomicInteger shuffledOpens = new AtomicInteger();
  private final Set<String> considered = ConcurrentHashMap.newKeySet();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "datafs-warmup");
    t.setDaemon(true);
    return t;
  });
  private long budget = -1; // the warm-up thread's: bytes it may still fetch; -1 until its first run
  private volatile boolean versionWarmed;
  private volatile boolean closed;

  ShuffleWarmup(VersionReader reader) {
    this.reader = reader;
  }

  /** A file of remote content in {@code dir} (at {@code dirPath}) was opened out of the directory's order. */
  void shuffledOpen(String dirPath, TreeEntry dir) {
    if (versionWarmed || shuffledOpens.incrementAndGet() < SHUFFLED_OPENS || !considered.add(dirPath)) return;
    try {
      thread.execute(() -> warm(dirPath, dir));
    } catch (RejectedExecutionException closing) {
      // the mount is closing
    }
  }

  private void warm(String dirPath, TreeEntry dir) {
    if (versionWarmed) return; // asked for before the version's warm-up began
    if (budget < 0) {
      budget = reader.prefetchBudget();
      long bytes = reader.version().record().totals().bytes();
      if (bytes <= budget) {
        versionWarmed = true;
        log("the version", bytes);
        walk(reader.root(), true);
        return;
      }
      LOG.log(System.Logger.Level.INFO, reader.version().label() + ": files opened in shuffled order: the version ("
          + (bytes >> 20) + " MiB) is more than a quarter of what the cache can hold now (" + (budget >> 20)
          + " MiB): warming the directories so read that fit");
    }
    long bytes = bytesUpTo(dir, budget);
    if (bytes > budget) return;
    budget -= bytes;
    log(dirPath, bytes);
    walk(dir, false);
  }

  /** Fetches the content of the files in {@code dir} (and below it, when {@code deep}) by batches, in name order. */
  private void walk(TreeEntry dir, boolean deep) {
    List<ObjectId> batch = new ArrayList<>();
    long[] batchBytes = {0};
    List<TreeEntry> dirs = new ArrayList<>(List.of(dir));
    while (!dirs.isEmpty() && !closed) {
      TreeEntry d = dirs.remove(dirs.size() - 1);
      String after = null;
      for (List<TreeEntry> page; !(page = reader.listAfter(d, after, 1_000)).isEmpty() && !closed; ) {
        for (TreeEntry e : page) {
          if (e.isDir() && deep) dirs.add(e);
          if (!e.isFile()) continue;
          for (ChunkRef c : reader.chunks(e)) batch.add(c.id());
          batchBytes[0] += e.size();
          if (batch.size() >= BATCH_FILES || batchBytes[0] >= BATCH_BYTES) flush(batch, batchBytes);
        }
        after = page.get(page.size() - 1).name();
      }
    }
    if (!closed) flush(batch, batchBytes);
  }

  private void flush(List<ObjectId> batch, long[] batchBytes) {
    try {
      reader.warm(batch);
    } catch (RuntimeException e) {
      // a warm-up is only a guess: the reads themselves fetch and report what fails
    }
    batch.clear();
    batchBytes[0] = 0;
  }

  /** The bytes of the files directly in {@code dir}, counted until they pass {@code limit}. */
  private long bytesUpTo(TreeEntry dir, long limit) {
    long bytes = 0;
    String after = null;
    for (List<TreeEntry> page; bytes <= limit && !(page = reader.listAfter(dir, after, 1_000)).isEmpty(); ) {
      for (TreeEntry e : page) if (e.isFile()) bytes += e.size();
      after = page.get(page.size() - 1).name();
    }
    return bytes;
  }

  private void log(String what, long bytes) {
    LOG.log(System.Logger.Level.INFO, reader.version().label() + ": files opened in shuffled order: fetching "
        + what + " (" + (bytes >> 20) + " MiB) into the cache in pack order");
  }

  /** Waits for the warm-ups asked for so far: for tests. */
  void awaitIdle() throws Exception {
    thread.submit(() -> {}).get();
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
  }
}
