package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TreeEditorTest {
  private final MemoryPageStore store = new MemoryPageStore();

  @Test
  void insertsReplacesAndDeletes() {
    ObjectId id = Entries.build(store, Entries.files(3).values());
    NavigableMap<String, TreeEntry> edits = Entries.edits();
    edits.put(Entries.name(0), null);
    edits.put(Entries.name(1), Entries.file(Entries.name(1), 2));
    edits.put("new", Entries.file("new"));
    edits.put("absent", null);
    ObjectId edited = TreeEditor.apply(store, id, edits);
    assertEquals(List.of(Entries.file(Entries.name(1), 2), Entries.file(Entries.name(2)), Entries.file("new")),
        Entries.list(store, edited));
  }

  @Test
  void noEditsOrNoOpEditsKeepTheId() {
    ObjectId id = Entries.build(store, Entries.files(5000).values());
    assertEquals(id, TreeEditor.apply(store, id, Entries.edits()));
    NavigableMap<String, TreeEntry> edits = Entries.edits();
    edits.put("absent", null);
    edits.put(Entries.name(10), Entries.file(Entries.name(10)));
    assertEquals(id, TreeEditor.apply(store, id, edits));
  }

  @Test
  void deletingEverythingGivesTheEmptyDirectory() {
    NavigableMap<String, TreeEntry> entries = Entries.files(10_000);
    ObjectId id = Entries.build(store, entries.values());
    NavigableMap<String, TreeEntry> edits = Entries.edits();
    entries.keySet().forEach(name -> edits.put(name, null));
    assertEquals(Directory.EMPTY_DIR, TreeEditor.apply(store, id, edits));
  }

  @Test
  void growsFromEmptyOneEntryAtATime() {
    NavigableMap<String, TreeEntry> entries = Entries.files(3000);
    ObjectId id = Directory.EMPTY_DIR;
    List<String> names = new ArrayList<>(entries.keySet());
    java.util.Collections.shuffle(names, new Random(7));
    for (String name : names) {
      NavigableMap<String, TreeEntry> edits = Entries.edits();
      edits.put(name, entries.get(name));
      id = TreeEditor.apply(store, id, edits);
    }
    assertEquals(Entries.build(new MemoryPageStore(), entries.values()), id);
  }

  @Test
  void anySequenceOfEditsGivesTheTreeBuiltFromScratch() {
    Random random = new Random(20240601);
    List<String> pool = randomNames(random, 12_000);
    NavigableMap<String, TreeEntry> model = new TreeMap<>(Names.ORDER);
    ObjectId id = Directory.EMPTY_DIR;
    java.util.Set<Integer> rootLevels = new java.util.TreeSet<>();
    for (int round = 0; round < 400; round++) {
      int size = switch (random.nextInt(4)) {
        case 0 -> 1;
        case 1 -> 1 + random.nextInt(10);
        case 2 -> 1 + random.nextInt(200);
        default -> 1 + random.nextInt(3000);
      };
      // Early rounds mostly insert, so the directory grows to thousands of entries before churning.
      double insertShare = round < 40 ? 0.9 : 0.5;
      NavigableMap<String, TreeEntry> edits = Entries.edits();
      for (int i = 0; i < size; i++) {
        String name = pool.get(random.nextInt(pool.size()));
        edits.put(name, random.nextDouble() < insertShare ? Entries.file(name, round) : null);
      }
      id = TreeEditor.apply(store, id, edits);
      edits.forEach((name, e) -> {
        if (e == null) model.remove(name);
        else model.put(name, e);
      });
      assertEquals(Entries.build(new MemoryPageStore(), model.values()), id, "round " + round + ", " + model.size()
          + " entries");
      rootLevels.add(Pages.root(store, id).level());
    }
    assertEquals(java.util.Set.of(1, 2), rootLevels, "the tree grew and shrank between heights");
    assertTrue(model.size() > 2000, "the directory grew large: " + model.size());
    assertEquals(new ArrayList<>(model.values()), Entries.list(store, id));
  }

  @Test
  void forcedSplitsInLongRunsStayHistoryIndependent() {
    // Names that never end a leaf by hash: only the 4096-item cap cuts these pages.
    Boundaries boundaries = new Boundaries();
    NavigableMap<String, TreeEntry> model = new TreeMap<>(Names.ORDER);
    for (int i = 0; model.size() < 10_000; i++) {
      String name = Entries.name(i);
      if (!boundaries.endsPage(name, 0)) model.put(name, Entries.file(name));
    }
    ObjectId id = Entries.build(store, model.values());
    assertEquals(3, ((IndexPage) PageCodec.decode(id, store.get(id))).size(), "10000 = 4096 + 4096 + 1808");

    Random random = new Random(5);
    List<String> names = new ArrayList<>(model.keySet());
    for (int round = 0; round < 30; round++) {
      NavigableMap<String, TreeEntry> edits = Entries.edits();
      for (int i = 0; i < 1 + random.nextInt(5); i++) {
        String name = names.get(random.nextInt(names.size()));
        edits.put(name, random.nextBoolean() ? null : Entries.file(name, round));
      }
      id = TreeEditor.apply(store, id, edits);
      edits.forEach((name, e) -> {
        if (e == null) model.remove(name);
        else model.put(name, e);
      });
      assertEquals(Entries.build(new MemoryPageStore(), model.values()), id, "round " + round);
    }
  }

  @Test
  void reportsWhatEachEditReplaced() {
    ObjectId id = Entries.build(store, Entries.files(2000).values());
    NavigableMap<String, TreeEntry> edits = Entries.edits();
    edits.put(Entries.name(5), null);
    edits.put(Entries.name(1500), Entries.file(Entries.name(1500), 9));
    edits.put("absent", null);
    edits.put("new", Entries.file("new"));
    List<String> seen = new ArrayList<>();
    TreeEditor.apply(store, id, edits, (name, old, now) -> seen.add(name + ":" + (old == null ? "-" : old.changedIn())
        + ">" + (now == null ? "-" : now.changedIn())));
    assertEquals(List.of("absent:->-", Entries.name(5) + ":1>-", Entries.name(1500) + ":1>9", "new:->1"), seen);
  }

  @Test
  void refusesBadEdits() {
    ObjectId id = Entries.build(store, Entries.files(3).values());
    NavigableMap<String, TreeEntry> natural = new TreeMap<>();
    assertThrows(IllegalArgumentException.class, () -> TreeEditor.apply(store, id, natural));
    NavigableMap<String, TreeEntry> misnamed = Entries.edits();
    misnamed.put("a", Entries.file("b"));
    assertThrows(IllegalArgumentException.class, () -> TreeEditor.apply(store, id, misnamed));
    NavigableMap<String, TreeEntry> badName = Entries.edits();
    badName.put("a/b", Entries.file("a/b"));
    assertThrows(InvalidInputException.class, () -> TreeEditor.apply(store, id, badName));
  }

  @Test
  void oneEditInALargeDirectoryTouchesAFewPages() {
    CountingPageStore counting = new CountingPageStore();
    NavigableMap<String, TreeEntry> entries = Entries.files(200_000);
    ObjectId id = Entries.build(counting, entries.values());
    int height = PageCodec.decode(id, counting.get(id)).level() + 1;
    assertTrue(height >= 3, "height " + height);

    Random random = new Random(11);
    for (int i = 0; i < 50; i++) {
      String name = Entries.name(random.nextInt(200_000));
      NavigableMap<String, TreeEntry> edits = Entries.edits();
      switch (i % 3) {
        case 0 -> edits.put(name, Entries.file(name, 2));
        case 1 -> edits.put(name, null);
        default -> edits.put(name + "x", Entries.file(name + "x"));
      }
      counting.reset();
      ObjectId edited = TreeEditor.apply(counting, id, edits);
      assertTrue(counting.puts <= 2 * height + 2, "edit " + i + ": " + counting.puts + " pages written");
      assertTrue(counting.gets <= 2 * height + 2, "edit " + i + ": " + counting.gets + " pages read");
      Optional<TreeEntry> expected = Optional.ofNullable(edits.firstEntry().getValue());
      assertEquals(expected, Directory.lookup(counting, edited, edits.firstKey()));
    }
  }

  /** Short random names from a mixed alphabet, including multi-byte and astral characters. */
  static List<String> randomNames(Random random, int n) {
    String[] alphabet = {"a", "b", "c", "d", "e", "f", "g", "0", "1", "-", ".", "_", "é", "ß", "ｚ", "😀", "中"};
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      int len = 1 + random.nextInt(8);
      for (int j = 0; j < len; j++) b.append(alphabet[random.nextInt(alphabet.length)]);
      String name = b.toString();
      if (!name.equals(".") && !name.equals("..")) names.add(name);
    }
    return names;
  }
}
