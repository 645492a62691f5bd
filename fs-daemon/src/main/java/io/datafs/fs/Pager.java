package io.datafs.fs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Pages of directories by offset, where offset k means "after the first k entries in name order", for listings
 * that resume after a name. To resume without counting from the start, each directory keeps a few cursors (offset
 * -> name of the entry before it); a request starts from the nearest cursor at or below its offset and skips the
 * rest, so paging through a directory costs O(n) overall even when the kernel resumes in the middle of the page it
 * was last given. Positions only mean the same entry while the directory does not change: this serves the
 * directories of a version, which never do (a writable mount's listings name entries instead: {@code DirListings}).
 *
 * @param <E> a listed entry
 */
public final class Pager<E> {
  /** Lists up to {@code limit} entries named after {@code afterName} (null: from the start), in name order. */
  @FunctionalInterface
  public interface Lister<E> {
    List<E> after(String afterName, int limit);
  }

  private static final int CURSORS_PER_DIR = 64;
  private static final int SKIP_BATCH = 1024;

  private final Function<E, String> nameOf;
  private final BoundedLru<String, Cursors> byDir;

  public Pager(Function<E, String> nameOf, int dirs) {
    this.nameOf = nameOf;
    this.byDir = new BoundedLru<>(dirs);
  }

  /** Up to {@code max} entries of the directory {@code key} after the first {@code offset}, in name order. */
  public List<E> page(String key, Lister<E> lister, long offset, int max) {
    Cursors cursors = byDir.computeIfAbsent(key, p -> new Cursors());
    Map.Entry<Long, String> start = cursors.floor(offset);
    long from = start == null ? 0 : start.getKey();
    String after = start == null ? null : start.getValue();
    long at = from;
    while (at < offset) {
      List<E> skipped = lister.after(after, (int) Math.min(SKIP_BATCH, offset - at));
      if (skipped.isEmpty()) return List.of(); // past the end
      at += skipped.size();
      after = nameOf.apply(skipped.get(skipped.size() - 1));
    }
    if (at > from) cursors.put(offset, after); // the kernel often resumes here again
    List<E> page = lister.after(after, max);
    if (!page.isEmpty()) cursors.put(offset + page.size(), nameOf.apply(page.get(page.size() - 1)));
    return page;
  }

  /**
   * Offset -> name of the entry just before it. When there are too many, the one farthest from the newest goes:
   * a listing moves forward, so that is the lowest while it runs, and the highest (the end of the last listing) when
   * a new listing starts over. Dropping the lowest always, a second listing of a directory of more than
   * {@value #CURSORS_PER_DIR} pages lost each cursor it made at once and skipped from the start at every call.
   */
  private static final class Cursors {
    private final TreeMap<Long, String> byOffset = new TreeMap<>();

    synchronized Map.Entry<Long, String> floor(long offset) {
      return byOffset.floorEntry(offset);
    }

    synchronized void put(long offset, String lastName) {
      byOffset.put(offset, lastName);
      if (byOffset.size() <= CURSORS_PER_DIR) return;
      long lowest = byOffset.firstKey();
      long highest = byOffset.lastKey();
      byOffset.remove(offset - lowest >= highest - offset ? lowest : highest);
    }
  }
}
