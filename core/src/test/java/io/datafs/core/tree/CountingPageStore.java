package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;

/** A memory store that counts the reads and writes made through it. */
final class CountingPageStore implements PageStore {
  final MemoryPageStore pages = new MemoryPageStore();
  int gets;
  int puts;

  @Override
  public byte[] get(ObjectId pageId) {
    gets++;
    return pages.get(pageId);
  }

  @Override
  public void put(ObjectId pageId, byte[] encodedPage) {
    puts++;
    pages.put(pageId, encodedPage);
  }

  void reset() {
    gets = 0;
    puts = 0;
  }
}
