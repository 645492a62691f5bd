package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TreeBuilderTest {
  private final MemoryPageStore store = new MemoryPageStore();

  @Test
  void emptyDirectoryIsTheEmptyLeaf() {
    TreeBuilder b = new TreeBuilder(store);
    assertEquals(Directory.EMPTY_DIR, b.finish());
    assertEquals(0, b.count());
    assertEquals(0, Directory.count(store, Directory.EMPTY_DIR));
    assertEquals(Optional.empty(), Directory.lookup(store, Directory.EMPTY_DIR, "a"));
    assertEquals(List.of(), Directory.listAfter(store, Directory.EMPTY_DIR, null, 10));
    assertEquals(List.of(), Entries.list(new MemoryPageStore(), Directory.EMPTY_DIR), "needs no stored page");
  }

  @Test
  void oneEntry() {
    TreeEntry e = Entries.file("only");
    ObjectId id = Entries.build(store, List.of(e));
    assertEquals(new LeafPage(List.of(e)), PageCodec.decode(id, store.get(id)));
    assertEquals(Optional.of(e), Directory.lookup(store, id, "only"));
    assertEquals(Optional.empty(), Directory.lookup(store, id, "other"));
    assertEquals(1, Directory.count(store, id));
  }

  @Test
  void largeDirectoryHasSeveralLevelsAndFindsEveryEntry() {
    NavigableMap<String, TreeEntry> entries = Entries.files(100_000);
    TreeBuilder b = new TreeBuilder(store);
    entries.values().forEach(b::add);
    ObjectId id = b.finish();
    assertEquals(100_000, b.count());

    Page root = PageCodec.decode(id, store.get(id));
    assertInstanceOf(IndexPage.class, root);
    assertTrue(root.level() >= 2, "100k entries at ~64 per page need three levels, got root level " + root.level());
    assertEquals(100_000, Directory.count(store, id));
    for (TreeEntry e : entries.values()) assertEquals(Optional.of(e), Directory.lookup(store, id, e.name()));
    for (String absent : List.of("", "0", "f", "f0000000x", "f00500005", "g", "\uD83D\uDE00")) {
      assertFalse(Directory.lookup(store, id, absent).isPresent(), absent);
    }
    assertEquals(new ArrayList<>(entries.values()), Entries.list(store, id));
  }

  @Test
  void locateTellsEachEntrysPositionAcrossIndexPages() {
    List<TreeEntry> entries = new ArrayList<>(Entries.files(20_000).values());
    ObjectId id = Entries.build(store, entries);
    for (int i = 0; i < entries.size(); i += 7) {
      Directory.Located at = Directory.locate(store, id, entries.get(i).name()).orElseThrow();
      assertEquals(entries.get(i), at.entry());
      assertEquals(i, at.position(), entries.get(i).name());
    }
    assertEquals(entries.size() - 1, Directory.locate(store, id, entries.get(entries.size() - 1).name())
        .orElseThrow().position());
    assertEquals(Optional.empty(), Directory.locate(store, id, "f0000100x"));
    assertEquals(Optional.empty(), Directory.locate(store, id, "zzz"));
  }

  @Test
  void pagesHoldAboutSixtyFourItems() {
    ObjectId id = Entries.build(store, Entries.files(100_000).values());
    int leaves = countLeaves(id);
    double perLeaf = 100_000.0 / leaves;
    assertTrue(perLeaf > 40 && perLeaf < 100, "entries per leaf: " + perLeaf);
  }

  @Test
  void listAfterPagesThroughEverythingOnce() {
    NavigableMap<String, TreeEntry> entries = Entries.files(20_000);
    ObjectId id = Entries.build(store, entries.values());
    for (int limit : new int[] {1, 7, 64, 1000, 50_000}) {
      List<TreeEntry> seen = new ArrayList<>();
      String after = null;
      while (true) {
        List<TreeEntry> batch = Directory.listAfter(store, id, after, limit);
        assertTrue(batch.size() <= limit);
        if (batch.isEmpty()) break;
        seen.addAll(batch);
        after = batch.get(batch.size() - 1).name();
      }
      assertEquals(new ArrayList<>(entries.values()), seen, "limit " + limit);
    }
    assertEquals(List.copyOf(entries.tailMap("f0001000x", false).values()).subList(0, 5),
        Directory.listAfter(store, id, "f0001000x", 5), "starts after a name that is not there");
    assertEquals(List.of(), Directory.listAfter(store, id, "zzz", 5));
    assertEquals(List.of(), Directory.listAfter(store, id, null, 0));
  }

  @Test
  void listStopsWhenTheVisitorSaysSo() {
    ObjectId id = Entries.build(store, Entries.files(1000).values());
    List<String> seen = new ArrayList<>();
    Directory.list(store, id, e -> seen.add(e.name()) && seen.size() < 3);
    assertEquals(List.of(Entries.name(0), Entries.name(1), Entries.name(2)), seen);
  }

  @Test
  void refusesEntriesOutOfOrder() {
    TreeBuilder b = new TreeBuilder(store);
    b.add(Entries.file("b"));
    assertThrows(IllegalArgumentException.class, () -> b.add(Entries.file("a")));
    assertThrows(IllegalArgumentException.class, () -> b.add(Entries.file("b")));
    b.add(Entries.file("é"));
    assertThrows(IllegalArgumentException.class, () -> b.add(Entries.file("z")), "é sorts after z by bytes");
  }

  @Test
  void unicodeNamesSortByUtf8Bytes() {
    // U+FF5A (3 UTF-8 bytes) sorts before U+1F600 (4 bytes) by bytes, but after it in UTF-16.
    List<TreeEntry> sorted = List.of(Entries.file("z"), Entries.file("é"), Entries.file("ｚ"), Entries.file("😀"));
    ObjectId id = Entries.build(store, sorted);
    assertEquals(sorted, Entries.list(store, id));
    assertEquals(sorted.subList(2, 4), Directory.listAfter(store, id, "é", 10));
  }

  @Test
  void missingPageIsReported() {
    ObjectId id = Entries.build(store, Entries.files(10).values());
    NotFoundException e = assertThrows(NotFoundException.class, () -> Directory.count(new MemoryPageStore(), id));
    assertEquals("tree page " + id + " is missing", e.getMessage());
  }

  @Test
  void verifyAcceptsCanonicalTreesOnly() {
    NavigableMap<String, TreeEntry> entries = Entries.files(5000);
    ObjectId id = Entries.build(store, entries.values());
    Directory.verify(store, id);
    Directory.verify(store, Directory.EMPTY_DIR);

    // The same entries cut into two arbitrary leaves: readable, but not the canonical tree.
    List<TreeEntry> all = new ArrayList<>(entries.values());
    ObjectId skewed = storeIndex(new LeafPage(all.subList(0, 10)), new LeafPage(all.subList(10, all.size())));
    assertEquals(entries.size(), Entries.list(store, skewed).size());
    assertThrows(CorruptObjectException.class, () -> Directory.verify(store, skewed));

    // Two leaves whose names overlap: each page is valid on its own.
    ObjectId overlapping = storeIndex(new LeafPage(List.of(Entries.file("a"), Entries.file("m"))),
        new LeafPage(List.of(Entries.file("c"), Entries.file("z"))));
    assertThrows(CorruptObjectException.class, () -> Directory.verify(store, overlapping));
  }

  private ObjectId storeIndex(LeafPage... leaves) {
    List<ChildRef> refs = new ArrayList<>();
    for (LeafPage leaf : leaves) refs.add(new ChildRef(leaf.lastName(), storePage(leaf), leaf.size()));
    return storePage(new IndexPage(1, refs));
  }

  private ObjectId storePage(Page page) {
    byte[] bytes = PageCodec.encode(page);
    ObjectId id = ObjectId.hash(bytes);
    store.put(id, bytes);
    return id;
  }

  private int countLeaves(ObjectId id) {
    Set<ObjectId> leaves = new HashSet<>();
    collectLeaves(PageCodec.decode(id, store.get(id)), leaves);
    return leaves.size();
  }

  private void collectLeaves(Page page, Set<ObjectId> leaves) {
    if (page instanceof IndexPage index) {
      for (ChildRef c : index.children()) {
        Page child = PageCodec.decode(c.pageId(), store.get(c.pageId()));
        if (child instanceof LeafPage) leaves.add(c.pageId());
        else collectLeaves(child, leaves);
      }
    }
  }
}
