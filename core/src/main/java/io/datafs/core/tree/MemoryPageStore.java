package io.datafs.core.tree;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Pages held in memory: for tests, and for callers that buffer the pages of a change before writing them out.
 * Byte arrays are shared, not copied: neither side may modify them after a put.
 */
public final class MemoryPageStore implements PageStore {
  private final Map<ObjectId, byte[]> pages = new ConcurrentHashMap<>();

  @Override
  public byte[] get(ObjectId pageId) {
    byte[] page = pages.get(pageId);
    if (page == null) throw new NotFoundException("tree page " + pageId + " is missing");
    return page;
  }

  @Override
  public void put(ObjectId pageId, byte[] encodedPage) {
    pages.putIfAbsent(pageId, encodedPage);
  }

  public boolean contains(ObjectId pageId) {
    return pages.containsKey(pageId);
  }

  public int size() {
    return pages.size();
  }

  /** Every page held, in no particular order. */
  public void forEach(BiConsumer<ObjectId, byte[]> action) {
    pages.forEach(action);
  }
}
