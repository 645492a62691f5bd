package io.datafs.core.tree;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Reading pages of a tree, checking that each child is the page its parent says it is. */
final class Pages {
  private Pages() {}

  /** A directory's root page. The empty directory's page is well known and need not be stored. */
  static Page root(PageStore store, ObjectId dirId) {
    if (dirId.equals(Directory.EMPTY_DIR)) return LeafPage.EMPTY;
    return store.page(dirId);
  }

  /** The page a child reference points to, refused unless its level, last name and size match the reference. */
  static Page child(PageStore store, ChildRef ref, int level) {
    Page page = store.page(ref.pageId());
    checkChild(ref, level, page);
    return page;
  }

  static void checkChild(ChildRef ref, int level, Page page) {
    if (page.level() != level || !ref.lastName().equals(page.lastName()) || ref.entryCount() != page.entryCount()) {
      throw new CorruptObjectException(ref.pageId(), "tree page " + ref.pageId()
          + " is corrupt: it does not match its parent's reference (level " + page.level() + ", expected "
          + level + ")");
    }
  }

  /** Binary search in a name-ordered list: the first item whose name is >= key (> key if {@code after}). */
  static <T> int search(List<T> items, Function<T, String> nameOf, String key, boolean after) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    int lo = 0;
    int hi = items.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = Arrays.compareUnsigned(nameOf.apply(items.get(mid)).getBytes(StandardCharsets.UTF_8), k);
      if (c < 0 || (after && c == 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
