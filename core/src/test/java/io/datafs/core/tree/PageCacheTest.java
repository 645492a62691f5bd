package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageCacheTest {
  /**
   * Listing a 20k-entry directory a hundred entries at a time, as a mount does, reads each of its pages once through
   * the cache; straight from the store, the walk down from the root page at every call reads several times as many.
   */
  @Test
  void listingInBatchesReadsEachPageOnce() {
    CountingPageStore store = new CountingPageStore();
    List<TreeEntry> entries = new ArrayList<>(Entries.files(20_000).values());
    ObjectId id = Entries.build(store, entries);
    Set<ObjectId> pages = new HashSet<>();
    Directory.walkPages(store, id, pages::add, e -> { });
    pages.add(id);

    store.reset();
    assertEquals(entries, listInBatches(new PageCache(store, 64), id));
    assertEquals(pages.size(), store.gets, "each page read once");

    store.reset();
    assertEquals(entries, listInBatches(store, id));
    assertTrue(store.gets > 2 * pages.size(), store.gets + " reads of " + pages.size() + " pages without the cache");
  }

  @Test
  void keepsAtMostItsCapacity() {
    CountingPageStore store = new CountingPageStore();
    ObjectId a = Entries.build(store, List.of(Entries.file("a")));
    ObjectId b = Entries.build(store, List.of(Entries.file("b")));
    PageCache cache = new PageCache(store, 1);
    store.reset();
    cache.page(a);
    cache.page(a);
    assertEquals(1, store.gets);
    cache.page(b);
    cache.page(a);
    assertEquals(3, store.gets, "a was dropped for b");
  }

  private static List<TreeEntry> listInBatches(PageStore s, ObjectId id) {
    List<TreeEntry> all = new ArrayList<>();
    String after = null;
    for (List<TreeEntry> batch; !(batch = Directory.listAfter(s, id, after, 100)).isEmpty(); ) {
      all.addAll(batch);
      after = batch.get(batch.size() - 1).name();
    }
    return all;
  }
}
