package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Edits one directory, rewriting only the pages around the edited names.
 *
 * <p>Each level of a tree is a sequence of items (entries at level 0, child references above) cut greedily into
 * pages. An edit re-cuts from the start of the page it falls in, feeding the old items merged with the edits, and
 * stops at the first old page end where the new cut falls too: from there on, the same items cut from the same
 * state give the same pages. The pages it replaced and wrote become, keyed by last name, the edits of the level
 * above. So the result is exactly the tree {@link TreeBuilder} makes of the same entries, at a cost of
 * O(edits x height) page reads and writes.
 */
public final class TreeEditor {
  private final PageStore store;
  private final ObjectId rootId;
  private final Page root;
  /** Pages read or written by this edit, so that repeated descents read each page once. */
  private final Map<ObjectId, Page> pages = new HashMap<>();

  private TreeEditor(PageStore store, ObjectId rootId) {
    this.store = store;
    this.rootId = rootId;
    this.root = Pages.root(store, rootId);
  }

  /**
   * Applies edits to a directory and returns its new id: a null value deletes that name (a no-op if absent), an
   * entry inserts or replaces the entry of that name. The map must be ordered by {@link Names#ORDER}.
   */
  public static ObjectId apply(PageStore s, ObjectId dirId, NavigableMap<String, TreeEntry> edits) {
    return apply(s, dirId, edits, (name, old, now) -> {});
  }

  static ObjectId apply(PageStore s, ObjectId dirId, NavigableMap<String, TreeEntry> edits,
                        EditObserver<TreeEntry> observer) {
    if (edits.comparator() != Names.ORDER) throw new IllegalArgumentException("edits must be ordered by Names.ORDER");
    edits.forEach((name, e) -> {
      Names.check(name);
      if (e != null && !e.name().equals(name)) {
        throw new IllegalArgumentException("entry " + Names.printable(e.name()) + " is keyed as "
            + Names.printable(name));
      }
    });
    if (edits.isEmpty()) return dirId;
    return new TreeEditor(s, dirId).run(new TreeMap<>(edits), observer);
  }

  private ObjectId run(NavigableMap<String, TreeEntry> edits, EditObserver<TreeEntry> observer) {
    Rewrite rewrite = rewrite(Level.LEAVES, edits, observer);
    for (int level = 1; level <= root.level(); level++) {
      NavigableMap<String, ChildRef> parentEdits = rewrite.parentEdits();
      if (parentEdits.isEmpty()) return rootId;
      rewrite = rewrite(Level.index(level), parentEdits, (name, old, now) -> {});
    }
    return newRoot(rewrite.written, root.level());
  }

  /** Re-cuts the pages of one level that the edits fall in; consumes the edits. */
  private <T> Rewrite rewrite(Level<T> level, NavigableMap<String, T> edits, EditObserver<T> observer) {
    Rewrite rewrite = new Rewrite();
    Chunker<T> chunker = new Chunker<>(store, level, (ref, page) -> {
      pages.put(ref.pageId(), page);
      rewrite.written.add(ref);
    });
    while (!edits.isEmpty()) {
      // The old cut before this page stays: nothing before it changed, or the last region ended there.
      Located at = locate(level.number(), edits.firstKey(), false);
      while (true) {
        if (at.ref != null) rewrite.replaced.add(at.ref);
        NavigableMap<String, T> inPage = at.isLast ? edits : edits.headMap(at.page.lastName(), true);
        merge(level, level.items(at.page), inPage, chunker, observer);
        inPage.clear();
        if (at.isLast) {
          chunker.finish();
          break;
        }
        if (chunker.atPageStart()) break; // the new cuts meet the old ones again
        at = locate(level.number(), at.page.lastName(), true);
      }
    }
    return rewrite;
  }

  /** Feeds a page's items to the chunker with the edits that fall among them applied. */
  private static <T> void merge(Level<T> level, List<T> items, NavigableMap<String, T> edits, Chunker<T> out,
                                EditObserver<T> observer) {
    var pending = edits.entrySet().iterator();
    var edit = pending.hasNext() ? pending.next() : null;
    for (T item : items) {
      String name = level.name(item);
      while (edit != null && Names.compare(edit.getKey(), name) < 0) {
        insert(edit.getKey(), edit.getValue(), null, out, observer);
        edit = pending.hasNext() ? pending.next() : null;
      }
      if (edit != null && edit.getKey().equals(name)) {
        insert(name, edit.getValue(), item, out, observer);
        edit = pending.hasNext() ? pending.next() : null;
      } else {
        out.add(item);
      }
    }
    for (; edit != null; edit = pending.hasNext() ? pending.next() : null) {
      insert(edit.getKey(), edit.getValue(), null, out, observer);
    }
  }

  private static <T> void insert(String name, T now, T old, Chunker<T> out, EditObserver<T> observer) {
    observer.edited(name, old, now);
    if (now != null) out.add(now);
  }

  /**
   * The page of a level holding the first name >= key (> key if {@code after}); the level's last page if there is
   * none, so that names past the end are added there.
   */
  private Located locate(int level, String key, boolean after) {
    Page page = root;
    ChildRef ref = null;
    while (page.level() > level) {
      IndexPage index = (IndexPage) page;
      int i = after ? index.childAfter(key) : index.childFor(key);
      ref = index.children().get(Math.min(i, index.size() - 1));
      page = read(ref, index.level() - 1);
    }
    // Every level's last page ends with the directory's last name.
    return new Located(page, ref, Objects.equals(page.lastName(), root.lastName()));
  }

  private Page read(ChildRef ref, int level) {
    Page page = pages.get(ref.pageId());
    if (page == null) {
      page = Pages.child(store, ref, level);
      pages.put(ref.pageId(), page);
    }
    return page;
  }

  /** The root above the new pages of the old root's level: cut upwards to one page, then drop one-child tops. */
  private ObjectId newRoot(List<ChildRef> refs, int level) {
    if (refs.isEmpty()) {
      store.put(Directory.EMPTY_DIR, PageCodec.encode(LeafPage.EMPTY));
      return Directory.EMPTY_DIR;
    }
    while (refs.size() > 1) {
      level++;
      List<ChildRef> above = new ArrayList<>();
      Chunker<ChildRef> chunker = new Chunker<>(store, Level.index(level), (ref, page) -> {
        pages.put(ref.pageId(), page);
        above.add(ref);
      });
      refs.forEach(chunker::add);
      chunker.finish();
      refs = above;
    }
    // The root is the lowest level with a single page.
    ChildRef top = refs.get(0);
    Page page = read(top, level);
    while (page instanceof IndexPage index && index.size() == 1) {
      top = index.children().get(0);
      page = read(top, index.level() - 1);
    }
    return top.pageId();
  }

  private record Located(Page page, ChildRef ref, boolean isLast) {}

  /** What re-cutting one level did: the old pages it replaced, and the pages it wrote in their place. */
  private static final class Rewrite {
    final List<ChildRef> replaced = new ArrayList<>();
    final List<ChildRef> written = new ArrayList<>();

    /** The edits to the level above; empty if the new pages are the old ones. */
    NavigableMap<String, ChildRef> parentEdits() {
      NavigableMap<String, ChildRef> edits = new TreeMap<>(Names.ORDER);
      Map<String, ChildRef> old = new HashMap<>();
      for (ChildRef r : replaced) {
        edits.put(r.lastName(), null);
        old.put(r.lastName(), r);
      }
      for (ChildRef w : written) {
        if (w.equals(old.get(w.lastName()))) edits.remove(w.lastName());
        else edits.put(w.lastName(), w);
      }
      return edits;
    }
  }
}
