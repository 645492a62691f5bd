package io.datafs.fs;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.id.ObjectId;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.TreeEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches remote content before it is read, by windows the remote serves with a few large ranged reads (see
 * {@code RemoteChunks.prefetch}): the chunks ahead of a sequential reader of a file, and the files after the one
 * being read when a directory is read in name order, as training loaders and {@code cp -r} read it. A window is
 * fetched again when the reader has used half of it. Only the very entry after the last one read in that directory
 * counts as in order; files opened in any other order (a shuffled dataset) are told to the {@link ShuffleWarmup}.
 * Content in local packs needs none of this: the page cache and the read-ahead of {@link DatasetFileSystem} serve it.
 */
final class RemotePrefetch implements AutoCloseable {
  static final long FILE_WINDOW_BYTES = 256L << 20;
  static final int DIR_WINDOW_FILES = 128;
  static final long DIR_WINDOW_BYTES = 16L << 20;
  private static final int DIRS = 1_024;

  private final VersionReader reader;
  private final BoundedLru<String, Scan> scans = new BoundedLru<>(DIRS);
  private final ShuffleWarmup warmup;
  private volatile ReadPlan plan; // the reader's own order, when it gave one: it then replaces the guesses below

  /** How far a directory was read in order, and prefetched. */
  private static final class Scan {
    String last; // the name read last
    String through; // the last name of the window fetched, or null
    String refillAt; // opening this name or a later one fetches the next window
  }

  RemotePrefetch(VersionReader reader) {
    this.reader = reader;
    this.warmup = new ShuffleWarmup(reader);
  }

  /** After a sequential read of {@code f} ended at {@code end} in a chunk that is not local: tops up its window. */
  void readTo(OpenFile f, long end) {
    List<ObjectId> ids = f.nextWindow(end, FILE_WINDOW_BYTES);
    if (!ids.isEmpty()) reader.prefetch(ids);
  }

  /** After {@code name} in {@code dir} (at path {@code dirPath}), open as {@code f}, was read from its start. */
  void readFromStart(String dirPath, TreeEntry dir, String name, OpenFile f) {
    if (f.chunkCount() == 0 || !reader.isRemote(f.chunk(0).id())) return;
    ReadPlan p = plan;
    if (p != null && p.opened(dirPath.equals("/") ? "/" + name : dirPath + "/" + name)) return;
    Scan s = scans.computeIfAbsent(dirPath, d -> new Scan());
    synchronized (s) {
      String last = s.last;
      s.last = name;
      if (last == null) return;
      boolean inWindow = s.through != null && name.compareTo(s.through) <= 0 && name.compareTo(last) > 0;
      if (name.compareTo(last) <= 0 || !inWindow && !isNext(dir, last, name)) {
        warmup.shuffledOpen(dirPath, dir);
        return;
      }
      if (inWindow && name.compareTo(s.refillAt) < 0) return;
      String after = inWindow ? s.through : name;
      s.through = null; // until the window below is known
      List<TreeEntry> window = window(dir, after);
      if (window.isEmpty()) return;
      s.through = window.get(window.size() - 1).name();
      s.refillAt = window.get(window.size() / 2).name();
      List<ObjectId> ids = new ArrayList<>();
      for (TreeEntry e : window) for (ChunkRef c : reader.chunks(e)) ids.add(c.id());
      reader.prefetch(ids);
    }
  }

  private boolean isNext(TreeEntry dir, String last, String name) {
    List<TreeEntry> next = reader.listAfter(dir, last, 1);
    return !next.isEmpty() && next.get(0).name().equals(name);
  }

  /** The files after {@code after}, up to the window's count and bytes. */
  private List<TreeEntry> window(TreeEntry dir, String after) {
    List<TreeEntry> files = new ArrayList<>();
    long bytes = 0;
    for (TreeEntry e : reader.listAfter(dir, after, DIR_WINDOW_FILES)) {
      if (!e.isFile()) continue;
      files.add(e);
      bytes += e.size();
      if (bytes >= DIR_WINDOW_BYTES) break;
    }
    return files;
  }

  /** Follows {@code next} from now on, in place of the plan before it, if any. */
  void follow(ReadPlan next) {
    ReadPlan before;
    synchronized (this) {
      before = plan;
      plan = next;
    }
    if (before != null) before.close();
    next.start();
  }

  /** Stops following the plan, if any: reads are guessed at again. */
  synchronized void dropPlan() {
    if (plan != null) plan.close();
    plan = null;
  }

  /** The plan followed now, or null. */
  ReadPlan plan() {
    return plan;
  }

  /** Waits for the warm-ups set off so far: for tests. */
  void awaitWarmup() throws Exception {
    warmup.awaitIdle();
  }

  @Override
  public void close() {
    dropPlan();
    warmup.close();
  }
}
