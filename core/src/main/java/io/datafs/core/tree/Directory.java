package io.datafs.core.tree;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reading one directory, given its id (the id of its root page). Stateless and thread-safe; every read goes to
 * the store, so callers that read a directory often may want a caching store.
 */
public final class Directory {
  /** The id of the empty directory: the empty leaf page. Readers never need it to be in the store. */
  public static final ObjectId EMPTY_DIR = ObjectId.hash(PageCodec.encode(LeafPage.EMPTY));

  private Directory() {}

  /** The entry with this name, reading one page per level. */
  public static Optional<TreeEntry> lookup(PageStore s, ObjectId dirId, String name) {
    Page page = Pages.root(s, dirId);
    while (page instanceof IndexPage index) {
      int i = index.childFor(name);
      if (i == index.size()) return Optional.empty();
      page = Pages.child(s, index.children().get(i), index.level() - 1);
    }
    LeafPage leaf = (LeafPage) page;
    int i = leaf.indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(leaf.entries().get(i));
  }

  /** An entry and its position in its directory: how many entries sort before it. */
  public record Located(TreeEntry entry, long position) {}

  /**
   * {@link #lookup} that also tells the entry's position, from the entry counts of the index pages on the way down:
   * the same pages read, no more.
   */
  public static Optional<Located> locate(PageStore s, ObjectId dirId, String name) {
    Page page = Pages.root(s, dirId);
    long before = 0;
    while (page instanceof IndexPage index) {
      int i = index.childFor(name);
      if (i == index.size()) return Optional.empty();
      for (int j = 0; j < i; j++) before += index.children().get(j).entryCount();
      page = Pages.child(s, index.children().get(i), index.level() - 1);
    }
    LeafPage leaf = (LeafPage) page;
    int i = leaf.indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(new Located(leaf.entries().get(i), before + i));
  }

  /** Visits every entry in {@link Names#ORDER} until the visitor returns false. */
  public static void list(PageStore s, ObjectId dirId, Predicate<TreeEntry> visitor) {
    EntryCursor cursor = new EntryCursor(s, dirId, null);
    for (TreeEntry e = cursor.next(); e != null; e = cursor.next()) {
      if (!visitor.test(e)) return;
    }
  }

  /** Sees an entry and the id of the leaf page it is on. */
  @FunctionalInterface
  public interface LeafEntryVisitor {
    /** Returns false to stop. */
    boolean visit(TreeEntry e, ObjectId leaf);
  }

  /** {@link #list}, telling each entry's leaf page: what is keyed by page can be read a page at a time. */
  public static void listWithLeaves(PageStore s, ObjectId dirId, LeafEntryVisitor visitor) {
    EntryCursor cursor = new EntryCursor(s, dirId, null);
    for (TreeEntry e = cursor.next(); e != null; e = cursor.next()) {
      if (!visitor.visit(e, cursor.leafId())) return;
    }
  }

  /** The entries of one leaf page, by its id. */
  public static List<TreeEntry> leafEntries(PageStore s, ObjectId leafId) {
    if (!(Pages.root(s, leafId) instanceof LeafPage leaf)) {
      throw new CorruptObjectException(leafId, "tree page " + leafId + " is not a leaf page");
    }
    return leaf.entries();
  }

  /**
   * Up to {@code limit} entries whose names sort after {@code afterName} (from the first entry if null), for
   * listing a large directory a batch at a time: pass the last name of one batch to get the next.
   */
  public static List<TreeEntry> listAfter(PageStore s, ObjectId dirId, String afterName, int limit) {
    List<TreeEntry> out = new ArrayList<>(Math.min(Math.max(limit, 0), 1024));
    if (limit <= 0) return out;
    EntryCursor cursor = new EntryCursor(s, dirId, afterName);
    while (out.size() < limit) {
      TreeEntry e = cursor.next();
      if (e == null) break;
      out.add(e);
    }
    return out;
  }

  /**
   * Checks what page decoding cannot: that the pages of one directory fit together (each child matches its
   * reference, names ascend across pages) and are cut exactly as {@link TreeBuilder} cuts them, so the id is the
   * one these entries must have. For trees from elsewhere; O(n). Throws {@link CorruptObjectException} naming the
   * directory. Does not descend into subdirectories.
   */
  public static void verify(PageStore s, ObjectId dirId) {
    TreeBuilder rebuilt = new TreeBuilder(new PageStore() {
      @Override
      public byte[] get(ObjectId pageId) {
        throw new IllegalStateException("a builder does not read");
      }

      @Override
      public void put(ObjectId pageId, byte[] encodedPage) {
        // only the ids matter
      }
    });
    try {
      list(s, dirId, e -> {
        rebuilt.add(e);
        return true;
      });
    } catch (IllegalArgumentException e) {
      throw new CorruptObjectException(dirId, "tree page " + dirId + " is corrupt: entries out of order across pages");
    }
    if (!rebuilt.finish().equals(dirId)) {
      throw new CorruptObjectException(dirId, "tree page " + dirId
          + " is corrupt: not the canonical tree of its entries");
    }
  }

  /**
   * Visits the id of every page of a directory (each page before its entries) and every entry, in name order: what
   * a directory is made of in the store, for sync to find the objects a version needs. The empty directory has no
   * stored page and reports none.
   */
  public static void walkPages(PageStore s, ObjectId dirId, Consumer<ObjectId> pages, Consumer<TreeEntry> entries) {
    walkPages(s, dirId, id -> true, pages, entries);
  }

  /**
   * {@link #walkPages} over the pages {@code present} accepts only: a directory read lazily has some of its pages
   * here, and what is not here is skipped with everything below it.
   */
  public static void walkPages(PageStore s, ObjectId dirId, Predicate<ObjectId> present, Consumer<ObjectId> pages,
                               Consumer<TreeEntry> entries) {
    if (dirId.equals(EMPTY_DIR) || !present.test(dirId)) return;
    pages.accept(dirId);
    walkPage(s, Pages.root(s, dirId), present, pages, entries);
  }

  private static void walkPage(PageStore s, Page page, Predicate<ObjectId> present, Consumer<ObjectId> pages,
                               Consumer<TreeEntry> entries) {
    if (page instanceof LeafPage leaf) {
      leaf.entries().forEach(entries);
      return;
    }
    IndexPage index = (IndexPage) page;
    for (ChildRef c : index.children()) {
      if (!present.test(c.pageId())) continue;
      pages.accept(c.pageId());
      walkPage(s, Pages.child(s, c, index.level() - 1), present, pages, entries);
    }
  }

  /** Number of entries, from the root page alone. */
  public static long count(PageStore s, ObjectId dirId) {
    return Pages.root(s, dirId).entryCount();
  }
}
