package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads a directory's entries in order, starting after a given name: O(height) page reads to get there, then
 * one read per page passed. Not thread-safe.
 */
final class EntryCursor {
  private final PageStore store;
  /** The index pages above the current leaf, innermost first, each with the next child to open. */
  private final Deque<Frame> frames = new ArrayDeque<>();
  private List<TreeEntry> leaf;
  private ObjectId leafId;
  private int next;

  /** A cursor at the first entry whose name sorts after {@code afterName} (at the first entry if null). */
  EntryCursor(PageStore store, ObjectId dirId, String afterName) {
    this.store = store;
    Page page = Pages.root(store, dirId);
    leafId = dirId;
    while (page instanceof IndexPage index) {
      int i = afterName == null ? 0 : index.childAfter(afterName);
      if (i == index.size()) {
        leaf = List.of();
        return;
      }
      frames.push(new Frame(index, i + 1));
      leafId = index.children().get(i).pageId();
      page = Pages.child(store, index.children().get(i), index.level() - 1);
    }
    LeafPage first = (LeafPage) page;
    leaf = first.entries();
    next = afterName == null ? 0 : first.firstAfter(afterName);
  }

  /** The id of the leaf page the entry {@link #next} returned last is on. */
  ObjectId leafId() {
    return leafId;
  }

  /** The next entry, or null after the last. */
  TreeEntry next() {
    while (next == leaf.size()) {
      if (!openNextLeaf()) return null;
    }
    return leaf.get(next++);
  }

  private boolean openNextLeaf() {
    while (!frames.isEmpty() && frames.peek().next == frames.peek().page.size()) frames.pop();
    if (frames.isEmpty()) return false;
    Frame top = frames.peek();
    leafId = top.page.children().get(top.next).pageId();
    Page page = Pages.child(store, top.page.children().get(top.next++), top.page.level() - 1);
    while (page instanceof IndexPage index) {
      frames.push(new Frame(index, 1));
      leafId = index.children().get(0).pageId();
      page = Pages.child(store, index.children().get(0), index.level() - 1);
    }
    leaf = ((LeafPage) page).entries();
    next = 0;
    return true;
  }

  private static final class Frame {
    final IndexPage page;
    int next;

    Frame(IndexPage page, int next) {
      this.page = page;
      this.next = next;
    }
  }
}
