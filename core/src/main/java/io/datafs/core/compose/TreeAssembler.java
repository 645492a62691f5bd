package io.datafs.core.compose;

import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeBuilder;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreePaths;
import io.datafs.core.tree.TreeWalker;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;

/**
 * Builds a tree holding exactly the given files, bottom-up, one {@link TreeBuilder} per open directory: memory is
 * one partial page per level of each open directory. Against the dataset's latest version it keeps history honest
 * and pages shared: a file as it was there keeps its entry (and {@code changedIn}), and a directory that comes out
 * the same (tree pages are a pure function of their entries) is that version's own, so nothing of it is new.
 * A new directory is 0755 with the newest mtime of what it holds.
 */
final class TreeAssembler {
  record Built(ObjectId root, Totals totals) {}

  /** A directory being built. */
  private static final class Open {
    final String path;
    final TreeBuilder builder;
    long newestMtime;

    Open(String path, PageStore out) {
      this.path = path;
      this.builder = new TreeBuilder(out);
    }
  }

  private final PageStore out;
  private final long number;
  private final Map<String, TreeEntry> headDirs = new HashMap<>();
  private final Deque<Open> open = new ArrayDeque<>();
  private Totals totals = Totals.ZERO;

  private TreeAssembler(PageStore out, long number) {
    this.out = out;
    this.number = number;
  }

  /**
   * Builds version {@code number}'s tree of {@code files} (path -> entry, in path order; the map is changed) into
   * {@code out}, against {@code head}, the dataset's latest version (null for a new dataset).
   */
  static Built build(PageStore out, PageStore headPages, Version head, SortedMap<String, TreeEntry> files,
                     long number) {
    TreeAssembler a = new TreeAssembler(out, number);
    files.replaceAll((path, e) -> e.withChangedIn(number));
    if (head != null) a.keepUnchanged(headPages, head, files);
    a.open.push(new Open("", out));
    files.forEach(a::add);
    return a.finish();
  }

  /**
   * Builds version {@code number}, the first of a new dataset, of {@code files} streamed in path order (path ->
   * entry): nothing is held per file, so a listing of any length fits.
   */
  static Built stream(PageStore out, Iterator<Map.Entry<String, TreeEntry>> files, long number) {
    TreeAssembler a = new TreeAssembler(out, number);
    a.open.push(new Open("", out));
    while (files.hasNext()) {
      Map.Entry<String, TreeEntry> f = files.next();
      a.add(f.getKey(), f.getValue().withChangedIn(number));
    }
    return a.finish();
  }

  private Built finish() {
    while (open.size() > 1) close();
    ObjectId root = open.pop().builder.finish();
    return new Built(root, totals);
  }

  /** Files as they are in the latest version keep its entries; its directories are remembered by path. */
  private void keepUnchanged(PageStore headPages, Version head, SortedMap<String, TreeEntry> files) {
    TreeWalker.walk(headPages, head.rootId(), (path, e) -> {
      if (e.isDir()) {
        headDirs.put(path, e);
      } else {
        TreeEntry mine = files.get(path);
        if (mine != null && mine.sameAs(e)) files.put(path, e);
      }
      return true;
    });
  }

  private void add(String path, TreeEntry e) {
    int slash = path.lastIndexOf('/');
    String parent = slash < 0 ? "" : path.substring(0, slash);
    while (!within(open.peek().path, parent)) close();
    while (!open.peek().path.equals(parent)) {
      String above = open.peek().path;
      int next = parent.indexOf('/', above.isEmpty() ? 0 : above.length() + 1);
      open.push(new Open(next < 0 ? parent : parent.substring(0, next), out));
    }
    Open dir = open.peek();
    dir.builder.add(e);
    dir.newestMtime = Math.max(dir.newestMtime, e.mtimeNanos());
    totals = totals.plus(e);
  }

  private void close() {
    Open dir = open.pop();
    ObjectId id = dir.builder.finish();
    String name = dir.path.substring(dir.path.lastIndexOf('/') + 1);
    TreeEntry before = headDirs.get(dir.path);
    TreeEntry entry = before != null && before.contentId().equals(id) ? before
        : TreeEntry.dir(name, before != null ? before.mode() : 0755, dir.newestMtime, number, id);
    Open parent = open.peek();
    parent.builder.add(entry);
    parent.newestMtime = Math.max(parent.newestMtime, entry.mtimeNanos());
    totals = totals.plus(entry);
  }

  private static boolean within(String dir, String path) {
    return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
  }
}
