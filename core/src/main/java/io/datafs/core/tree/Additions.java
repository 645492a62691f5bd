package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The paths that became regular files from one tree to the next (say, of versions N-1 and N), in
 * {@link TreePaths#ORDER}, pulled one at a time so that many such streams can be merged. It compares as
 * {@link TreeDiff} does, skipping equal directories and, inside a directory that differs, equal pages: the cost is that
 * of what changed. A directory that is new in the newer tree (absent, or no directory, in the older) is one addition
 * {@code below} it, standing for every path under it, which is not walked.
 */
public final class Additions {
  /**
   * A path that is a file in the newer tree and was none in the older; or, when {@code below}, a directory new in the
   * newer tree, every path under which is new. {@code key} is the path's {@link TreePaths#sortKey}.
   */
  public record Added(String path, byte[] key, boolean below) {}

  private record Frame(String path, Frontier older, Frontier newer) {}

  private final PageStore store;
  private final Deque<Frame> frames = new ArrayDeque<>();

  public Additions(PageStore store, ObjectId olderRoot, ObjectId newerRoot) {
    this.store = store;
    if (!olderRoot.equals(newerRoot)) open("", olderRoot, newerRoot);
  }

  /** The next addition, or null after the last. */
  public Added next() {
    while (!frames.isEmpty()) {
      Frame f = frames.peek();
      Object a = f.older().peek();
      Object b = f.newer().peek();
      if (a == null && b == null) {
        frames.pop();
      } else if (a instanceof Frontier.Subtree x && b instanceof Frontier.Subtree y
          && x.ref().pageId().equals(y.ref().pageId())) {
        f.older().pop();
        f.newer().pop();
      } else if (a instanceof Frontier.Subtree || b instanceof Frontier.Subtree) {
        int olderLevel = TreeDiff.levelOf(a);
        int newerLevel = TreeDiff.levelOf(b);
        if (olderLevel >= newerLevel) f.older().open();
        if (newerLevel >= olderLevel) f.newer().open();
      } else {
        TreeEntry x = (TreeEntry) a;
        TreeEntry y = (TreeEntry) b;
        int c = x == null ? 1 : y == null ? -1 : Names.compare(x.name(), y.name());
        if (c < 0) {
          f.older().pop();
          continue;
        }
        f.newer().pop();
        if (c == 0) f.older().pop();
        TreeEntry old = c == 0 ? x : null;
        String path = TreePaths.child(f.path(), y.name());
        if (y.isFile() && (old == null || !old.isFile())) return new Added(path, TreePaths.sortKey(path), false);
        if (y.isDir() && (old == null || !old.isDir())) return new Added(path, TreePaths.sortKey(path), true);
        if (y.isDir() && !old.contentId().equals(y.contentId())) open(path, old.contentId(), y.contentId());
      }
    }
    return null;
  }

  private void open(String path, ObjectId olderDir, ObjectId newerDir) {
    frames.push(new Frame(path, new Frontier(store, olderDir), new Frontier(store, newerDir)));
  }
}
