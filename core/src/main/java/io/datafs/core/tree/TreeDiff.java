package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;

/**
 * The differences between two trees, skipping whatever they share: equal directory ids are not opened, and inside
 * a directory that differs, equal pages are not opened either. Since page cuts depend only on content, the parts of
 * two versions of a directory that did not change are the very same pages, so one changed entry in a directory of
 * n entries costs O(log n) page reads.
 */
public final class TreeDiff {
  private final PageStore store;
  private final DiffVisitor visitor;

  private TreeDiff(PageStore store, DiffVisitor visitor) {
    this.store = store;
    this.visitor = visitor;
  }

  /**
   * Reports, in {@link TreePaths#ORDER}, every entry that differs by {@link TreeEntry#sameAs}. A directory on both
   * sides is descended into when its id differs, and reported only if something besides its id and changedIn
   * differs. An added or removed directory is reported, then everything below it. A change of kind is a removal
   * (with everything below, for a directory) followed by an addition.
   */
  public static void diff(PageStore s, ObjectId oldRoot, ObjectId newRoot, DiffVisitor v) {
    new TreeDiff(s, v).diffDirs("", oldRoot, newRoot);
  }

  private void diffDirs(String dirPath, ObjectId oldId, ObjectId newId) {
    if (oldId.equals(newId)) return;
    Frontier olds = new Frontier(store, oldId);
    Frontier news = new Frontier(store, newId);
    while (true) {
      Object a = olds.peek();
      Object b = news.peek();
      if (a == null && b == null) return;
      if (a instanceof Frontier.Subtree x && b instanceof Frontier.Subtree y
          && x.ref().pageId().equals(y.ref().pageId())) {
        olds.pop();
        news.pop();
      } else if (a instanceof Frontier.Subtree || b instanceof Frontier.Subtree) {
        // Open the higher page first: its children may line up with the other side's.
        int oldLevel = levelOf(a);
        int newLevel = levelOf(b);
        if (oldLevel >= newLevel) olds.open();
        if (newLevel >= oldLevel) news.open();
      } else {
        TreeEntry x = (TreeEntry) a;
        TreeEntry y = (TreeEntry) b;
        int c = x == null ? 1 : y == null ? -1 : Names.compare(x.name(), y.name());
        if (c < 0) {
          removed(dirPath, x);
          olds.pop();
        } else if (c > 0) {
          added(dirPath, y);
          news.pop();
        } else {
          both(dirPath, x, y);
          olds.pop();
          news.pop();
        }
      }
    }
  }

  private void both(String dirPath, TreeEntry x, TreeEntry y) {
    String path = TreePaths.child(dirPath, x.name());
    if (x.kind() != y.kind()) {
      removed(dirPath, x);
      added(dirPath, y);
    } else if (x.isDir()) {
      if (!x.withContent(y.contentId()).sameAs(y)) visitor.changed(path, x, y);
      diffDirs(path, x.contentId(), y.contentId());
    } else if (!x.sameAs(y)) {
      visitor.changed(path, x, y);
    }
  }

  private void removed(String dirPath, TreeEntry x) {
    String path = TreePaths.child(dirPath, x.name());
    visitor.changed(path, x, null);
    if (x.isDir()) TreeWalker.walk(store, x.contentId(), path, (p, e) -> {
      visitor.changed(p, e, null);
      return true;
    });
  }

  private void added(String dirPath, TreeEntry y) {
    String path = TreePaths.child(dirPath, y.name());
    visitor.changed(path, null, y);
    if (y.isDir()) TreeWalker.walk(store, y.contentId(), path, (p, e) -> {
      visitor.changed(p, null, e);
      return true;
    });
  }

  /** Entries sit below every page; an exhausted side is below everything. */
  static int levelOf(Object item) {
    return item instanceof Frontier.Subtree s ? s.level() : -1;
  }
}
