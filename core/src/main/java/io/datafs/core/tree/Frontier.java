package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One side of a comparison of two versions of a directory ({@link TreeDiff}, {@link Additions}): what is left to
 * compare, in name order, as entries and pages not opened yet. Two sides whose next pages have the same id share
 * everything in them, and skip them unopened.
 */
final class Frontier {
  /** A page not yet opened. */
  record Subtree(ChildRef ref, int level) {}

  private final PageStore store;
  private final Deque<Object> items = new ArrayDeque<>();

  Frontier(PageStore store, ObjectId dirId) {
    this.store = store;
    pushItems(Pages.root(store, dirId));
  }

  /** The next entry or {@link Subtree}, or null at the end. */
  Object peek() {
    return items.peek();
  }

  void pop() {
    items.pop();
  }

  /** Replaces the unopened page at the front by its items. */
  void open() {
    Subtree s = (Subtree) items.pop();
    pushItems(Pages.child(store, s.ref(), s.level()));
  }

  private void pushItems(Page page) {
    if (page instanceof IndexPage index) {
      List<ChildRef> children = index.children();
      for (int i = children.size() - 1; i >= 0; i--) {
        items.push(new Subtree(children.get(i), index.level() - 1));
      }
    } else {
      List<TreeEntry> entries = ((LeafPage) page).entries();
      for (int i = entries.size() - 1; i >= 0; i--) items.push(entries.get(i));
    }
  }
}
