package io.datafs.core.table;

import io.datafs.core.tree.Additions;
import io.datafs.core.tree.PageStore;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The version that added each file of version V: the first of the run of consecutive versions, ending at V, in which
 * its path is a regular file. That is N, for the newest step N-1 to N (N at most V) in which the path became a file
 * (it was absent or no file in N-1, or a directory above it was), or 1 when no step made it one: it was a file from
 * version 1 on.
 *
 * <p>Asked for the paths of V in tree order, it merges the {@link Additions} of every step 1 to 2, ..., V-1 to V,
 * each pulled only as far as the path asked, so no path is held beyond the streams' heads: memory grows with the
 * number of versions and the depth of the tree, not with the files. Each step costs what changed in it (equal
 * directories and pages are skipped), plus a heap operation per row whose path a step touches.
 */
final class AddedIn {
  /** One step's stream and its next addition; {@code version} is the step's newer version. */
  private record Head(long version, Additions stream, Additions.Added next) {}

  private static final Comparator<Head> ORDER = (a, b) -> Arrays.compareUnsigned(a.next().key(), b.next().key());

  private final PriorityQueue<Head> heads = new PriorityQueue<>(ORDER);
  private final List<Head> covering = new ArrayList<>();

  /** @param history versions 1..V of one dataset, oldest first */
  AddedIn(PageStore pages, List<Version> history) {
    for (int i = 1; i < history.size(); i++) {
      Version older = history.get(i - 1);
      Version newer = history.get(i);
      advance(new Head(newer.record().number(), new Additions(pages, older.rootId(), newer.rootId()), null));
    }
  }

  /** The version that added the file whose {@link io.datafs.core.tree.TreePaths#sortKey} is {@code key}. */
  long of(byte[] key) {
    long newest = 1;
    while (!heads.isEmpty()) {
      Head h = heads.peek();
      int c = Arrays.compareUnsigned(h.next().key(), key);
      if (c > 0) break;
      heads.poll();
      if (h.next().below() && below(key, h.next().key())) {
        newest = Math.max(newest, h.version());
        covering.add(h); // a new directory stands for every later path under it too
      } else {
        if (c == 0 && !h.next().below()) newest = Math.max(newest, h.version());
        advance(h);
      }
    }
    heads.addAll(covering);
    covering.clear();
    return newest;
  }

  /** Puts the step's next addition in the heap; a stream at its end is dropped. */
  private void advance(Head h) {
    Additions.Added next = h.stream().next();
    if (next != null) heads.add(new Head(h.version(), h.stream(), next));
  }

  /** Whether the path of {@code key} is below the directory of {@code dir}: dir's bytes, then a '/' (0). */
  private static boolean below(byte[] key, byte[] dir) {
    return key.length > dir.length && key[dir.length] == 0 && Arrays.equals(key, 0, dir.length, dir, 0, dir.length);
  }
}
