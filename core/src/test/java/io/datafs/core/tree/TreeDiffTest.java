package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TreeDiffTest {
  private final MemoryPageStore store = new MemoryPageStore();

  private ObjectId edit(ObjectId root, long version, Object... pathsAndEntries) {
    SortedMap<String, TreeEntry> edits = new TreeMap<>();
    for (int i = 0; i < pathsAndEntries.length; i += 2) edits.put((String) pathsAndEntries[i],
        (TreeEntry) pathsAndEntries[i + 1]);
    return PathEditor.apply(store, root, edits, version, (p, o, n) -> {});
  }

  private static TreeEntry dir(String name, long version) {
    return TreeEntry.dir(name, 0755, 0, version, Directory.EMPTY_DIR);
  }

  private List<String> diff(PageStore s, ObjectId a, ObjectId b) {
    List<String> out = new ArrayList<>();
    TreeDiff.diff(s, a, b, (path, old, now) -> out.add((old == null ? "+" : now == null ? "-" : "~") + path));
    return out;
  }

  private List<String> diff(ObjectId a, ObjectId b) {
    return diff(store, a, b);
  }

  @Test
  void identicalTreesHaveNoDifferences() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "a", Entries.file("a"));
    assertEquals(List.of(), diff(new MemoryPageStore(), v1, v1), "equal ids are not even read");
  }

  @Test
  void reportsAddedRemovedAndModifiedInPathOrder() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "d", dir("d", 1), "d/keep", Entries.file("keep"),
        "d/mod", Entries.file("mod", 1), "d/gone", Entries.file("gone"), "z", Entries.file("z"));
    ObjectId v2 = edit(v1, 2, "d/mod", Entries.file("mod", 2), "d/gone", null, "d/new", Entries.file("new"),
        "a", Entries.file("a"));
    assertEquals(List.of("+a", "-d/gone", "~d/mod", "+d/new"), diff(v1, v2));
    assertEquals(List.of("-a", "+d/gone", "~d/mod", "-d/new"), diff(v2, v1));
  }

  @Test
  void addedAndRemovedDirectoriesBringTheirSubtrees() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "keep", Entries.file("keep"));
    ObjectId v2 = edit(v1, 2, "t", dir("t", 2), "t/u", dir("u", 2), "t/u/f", Entries.file("f"), "t/g",
        Entries.file("g"));
    assertEquals(List.of("+t", "+t/g", "+t/u", "+t/u/f"), diff(v1, v2));
    assertEquals(List.of("-t", "-t/g", "-t/u", "-t/u/f"), diff(v2, v1));
  }

  @Test
  void kindChangeIsARemovalAndAnAddition() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "p", Entries.file("p"), "q", dir("q", 1), "q/in", Entries.file("in"));
    ObjectId v2 = edit(v1, 2, "p", dir("p", 2), "p/x", Entries.file("x"),
        "q", TreeEntry.symlink("q", 0777, 0, 2, "elsewhere"));
    assertEquals(List.of("-p", "+p", "+p/x", "-q", "-q/in", "+q"), diff(v1, v2));
  }

  @Test
  void directoryAttributesAreReportedButItsIdIsNot() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "d", dir("d", 1), "d/f", Entries.file("f", 1));
    ObjectId v2 = edit(v1, 2, "d/f", Entries.file("f", 2));
    assertEquals(List.of("~d/f"), diff(v1, v2), "d only changed its id and changedIn");

    TreeEntry d = Directory.lookup(store, v2, "d").orElseThrow();
    ObjectId v3 = edit(v2, 3, "d", TreeEntry.dir("d", 0700, 0, 3, d.contentId()));
    assertEquals(List.of("~d"), diff(v2, v3), "a mode change is reported, the identical contents not opened");
  }

  @Test
  void matchesABruteForceComparisonOfRandomTrees() {
    Random random = new Random(99);
    List<String> pool = TreeEditorTest.randomNames(random, 3000);
    NavigableMap<String, TreeEntry> before = new TreeMap<>(Names.ORDER);
    for (int i = 0; i < 2000; i++) {
      String n = pool.get(random.nextInt(pool.size()));
      before.put(n, Entries.file(n, 1));
    }
    NavigableMap<String, TreeEntry> after = new TreeMap<>(before);
    for (int i = 0; i < 300; i++) {
      String n = pool.get(random.nextInt(pool.size()));
      if (random.nextBoolean()) after.put(n, Entries.file(n, 2));
      else after.remove(n);
    }
    ObjectId a = Entries.build(store, before.values());
    ObjectId b = Entries.build(store, after.values());

    List<String> expected = new ArrayList<>();
    TreeMap<String, Boolean> names = new TreeMap<>(Names.ORDER);
    before.keySet().forEach(n -> names.put(n, true));
    after.keySet().forEach(n -> names.put(n, true));
    for (String n : names.keySet()) {
      TreeEntry x = before.get(n);
      TreeEntry y = after.get(n);
      if (x == null) expected.add("+" + n);
      else if (y == null) expected.add("-" + n);
      else if (!x.sameAs(y)) expected.add("~" + n);
    }
    assertTrue(expected.size() > 100);
    assertEquals(expected, diff(a, b));
  }

  @Test
  void oneChangeInALargeDirectoryReadsAFewPages() {
    CountingPageStore counting = new CountingPageStore();
    NavigableMap<String, TreeEntry> entries = Entries.files(200_000);
    ObjectId before = Entries.build(counting, entries.values());
    int height = PageCodec.decode(before, counting.get(before)).level() + 1;

    Random random = new Random(3);
    for (int i = 0; i < 30; i++) {
      String name = Entries.name(random.nextInt(200_000));
      NavigableMap<String, TreeEntry> edits = Entries.edits();
      edits.put(name, i % 2 == 0 ? null : Entries.file(name, 2));
      ObjectId after = TreeEditor.apply(counting, before, edits);
      counting.reset();
      List<String> changes = diff(counting, before, after);
      assertEquals(List.of((i % 2 == 0 ? "-" : "~") + name), changes);
      assertTrue(counting.gets <= 4 * height, "diff " + i + " read " + counting.gets + " pages, height " + height);
    }
  }
}
