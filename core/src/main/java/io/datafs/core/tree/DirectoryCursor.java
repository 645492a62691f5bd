package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.List;

/**
 * A directory's entries looked up by names asked in ascending order, a page at a time: a merge join of the directory
 * with a sorted listing (an import's folder, a copied tree), so that entries as they were in an earlier version keep
 * the version that last changed them without a lookup per name.
 */
public final class DirectoryCursor {
  private static final int PAGE = 1024;
  private final PageStore pages;
  private final ObjectId dirId;
  private List<TreeEntry> batch = List.of();
  private int index;
  private boolean exhausted;

  /** @param dirId the directory, or null for none (every name is then absent) */
  public DirectoryCursor(PageStore pages, ObjectId dirId) {
    this.pages = pages;
    this.dirId = dirId;
    this.exhausted = dirId == null;
  }

  /** The base entry named {@code name}, or null; names must be asked in ascending order. */
  public TreeEntry seek(String name) {
    while (true) {
      if (index == batch.size()) {
        if (exhausted) return null;
        String after = batch.isEmpty() ? null : batch.get(batch.size() - 1).name();
        batch = Directory.listAfter(pages, dirId, after, PAGE);
        index = 0;
        if (batch.size() < PAGE) exhausted = true;
        if (batch.isEmpty()) return null;
      }
      TreeEntry e = batch.get(index);
      int c = Names.compare(e.name(), name);
      if (c == 0) return e;
      if (c > 0) return null;
      index++;
    }
  }
}
