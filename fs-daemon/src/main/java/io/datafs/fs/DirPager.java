package io.datafs.fs;

import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.TreeEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pages of a directory by offset, where offset k means "after the first k entries in name order". The version is
 * immutable, so an offset stays valid forever. To resume without counting from the start, each directory keeps a
 * few cursors (offset -> name of the entry before it); a request starts from the nearest cursor at or below its
 * offset and skips the rest, so paging through a directory costs O(n) overall even when the kernel resumes in the
 * middle of the page it was last given.
 */
final class DirPager {
  private static final int CURSORS_PER_DIR = 64;
  private static final int SKIP_BATCH = 1024;

  private final VersionReader reader;
  private final BoundedLru<String, Cursors> byDir;

  DirPager(VersionReader reader, int dirs) {
    this.reader = reader;
    this.byDir = new BoundedLru<>(dirs);
  }

  /** Up to {@code max} entries of {@code dir} (at {@code path}) after the first {@code offset}, in name order. */
  List<TreeEntry> page(String path, TreeEntry dir, long offset, int max) {
    Cursors cursors = byDir.computeIfAbsent(path, p -> new Cursors());
    Map.Entry<Long, String> start = cursors.floor(offset);
    long from = start == null ? 0 : start.getKey();
    String after = start == null ? null : start.getValue();
    long at = from;
    while (at < offset) {
      List<TreeEntry> skipped = reader.listAfter(dir, after, (int) Math.min(SKIP_BATCH, offset - at));
      if (skipped.isEmpty()) return List.of(); // past the end
      at += skipped.size();
      after = skipped.get(skipped.size() - 1).name();
    }
    if (at > from) cursors.put(offset, after); // the kernel often resumes here again
    List<TreeEntry> page = reader.listAfter(dir, after, max);
    if (!page.isEmpty()) cursors.put(offset + page.size(), page.get(page.size() - 1).name());
    return page;
  }

  /** Offset -> name of the entry just before it. The lowest offsets go first: listings move forward. */
  private static final class Cursors {
    private final TreeMap<Long, String> byOffset = new TreeMap<>();

    synchronized Map.Entry<Long, String> floor(long offset) {
      return byOffset.floorEntry(offset);
    }

    synchronized void put(long offset, String lastName) {
      byOffset.put(offset, lastName);
      if (byOffset.size() > CURSORS_PER_DIR) byOffset.pollFirstEntry();
    }
  }
}
