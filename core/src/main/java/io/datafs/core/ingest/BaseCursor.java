package io.datafs.core.ingest;

import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import java.util.List;

/**
 * Walks a base version's directory alongside a sorted listing of the new one (a merge join), so that
 * unchanged entries keep the version that last changed them without a lookup per name.
 */
final class BaseCursor {
  private static final int PAGE = 1024;
  private final PageStore pages;
  private final ObjectId dirId;
  private List<TreeEntry> batch = List.of();
  private int index;
  private boolean exhausted;

  BaseCursor(PageStore pages, ObjectId dirId) {
    this.pages = pages;
    this.dirId = dirId;
    this.exhausted = dirId == null;
  }

  /** The base entry named {@code name}, or null; names must be asked in ascending order. */
  TreeEntry seek(String name) {
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
