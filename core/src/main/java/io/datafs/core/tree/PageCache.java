package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page store that keeps the last {@code capacity} pages it decoded, in front of another (whose reads check each page
 * against its id). A mount lists a directory a kernel buffer (about a hundred entries) at a time, and each call
 * resumes by walking down from the directory's root page: without this, every page on that way was read, checked and
 * decoded again for every hundred entries, six pages for a hundred entries of a 1M-entry directory. Pages never
 * change, so a kept page is never stale. Thread-safe.
 */
public final class PageCache implements PageStore {
  private final PageStore store;
  private final Map<ObjectId, Page> pages; // guarded by itself

  public PageCache(PageStore store, int capacity) {
    this.store = store;
    this.pages = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ObjectId, Page> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public Page page(ObjectId pageId) {
    synchronized (pages) {
      Page kept = pages.get(pageId);
      if (kept != null) return kept;
    }
    Page page = store.page(pageId); // outside the lock: a read may wait for the disk
    synchronized (pages) {
      pages.put(pageId, page);
    }
    return page;
  }

  @Override
  public byte[] get(ObjectId pageId) {
    return store.get(pageId);
  }

  @Override
  public void put(ObjectId pageId, byte[] encodedPage) {
    store.put(pageId, encodedPage);
  }
}
