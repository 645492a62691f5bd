package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one level's stream of items into pages (see {@link Boundaries}), storing each page as it is cut and
 * handing its reference to a sink. Holds at most one page of items.
 */
final class Chunker<T> {
  /** Receives each page as it is cut, with the reference its parent will hold. */
  interface Sink {
    void cut(ChildRef ref, Page page);
  }

  private final PageStore store;
  private final Level<T> level;
  private final Sink sink;
  private final Boundaries boundaries = new Boundaries();
  private final List<T> pending = new ArrayList<>();

  Chunker(PageStore store, Level<T> level, Sink sink) {
    this.store = store;
    this.level = level;
    this.sink = sink;
  }

  void add(T item) {
    pending.add(item);
    if (pending.size() >= Boundaries.MAX_ITEMS || boundaries.endsPage(level.name(item), level.number())) cut();
  }

  /** True right after a cut: the next item starts a page. */
  boolean atPageStart() {
    return pending.isEmpty();
  }

  /** Cuts the last, partial page: the end of the level always ends a page. */
  void finish() {
    if (!pending.isEmpty()) cut();
  }

  private void cut() {
    Page page = level.page(pending);
    byte[] bytes = PageCodec.encode(page);
    ObjectId id = ObjectId.hash(bytes);
    store.put(id, bytes);
    pending.clear();
    sink.cut(new ChildRef(page.lastName(), id, page.entryCount()), page);
  }
}
