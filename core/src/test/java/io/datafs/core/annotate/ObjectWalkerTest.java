package io.datafs.core.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.MemoryPageStore;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeBuilder;
import io.datafs.core.tree.TreeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Pairing data files with annotations while a directory streams, against a reference that sees it whole. */
class ObjectWalkerTest {
  private final MemoryPageStore pages = new MemoryPageStore();

  @Test
  void pairsByStemAndLeavesLoneJsonAsData() {
    List<String> names = List.of("a", "a!x", "a.b.jpg", "a.b.json", "a.jpg", "a.json", "a.tar.gz", "lone.json",
        "x.json.json", "x.json", ".hidden", ".hidden.json", "b.JSON", "b.png");
    assertEquals(reference(names), walked(names));
    assertEquals(List.of(
        ".hidden <- .hidden.json", "a <- a.json", "a!x", "a.b.jpg <- a.b.json", "a.jpg <- a.json",
        "a.tar.gz", "b.JSON", "b.png", "lone.json", "x.json", "x.json.json"), walked(names));
  }

  @Test
  void aDirectoryAmongPairsWaitsItsTurn() {
    ObjectId sub = dir(List.of("in.jpg", "in.json"));
    TreeBuilder b = new TreeBuilder(pages);
    b.add(file("s.jpg"));
    b.add(TreeEntry.dir("s.jpx", 0755, 0, 1, sub));
    b.add(file("s.json"));
    b.add(file("t.jpg"));
    List<String> seen = new ArrayList<>();
    ObjectWalker.walk(pages, b.finish(), "", d -> true, o -> seen.add(describe(o)));
    assertEquals(List.of("s.jpg <- s.json", "s.jpx/in.jpg <- s.jpx/in.json", "t.jpg"), seen);
  }

  @Test
  void randomDirectoriesPairAsTheWholeDirectoryReferenceDoes() {
    Random rnd = new Random(20261207);
    String[] stems = {"a", "a.b", "ab", "a-b", "a.a", "b", ".a", "a.json"};
    String[] exts = {"", ".json", ".jpg", ".j", ".jsonx", ".z"};
    for (int round = 0; round < 300; round++) {
      TreeSet<String> names = new TreeSet<>(Names.ORDER);
      int n = rnd.nextInt(12);
      for (int i = 0; i < n; i++) names.add(stems[rnd.nextInt(stems.length)] + exts[rnd.nextInt(exts.length)]);
      List<String> list = new ArrayList<>(names);
      assertEquals(reference(list), walked(list), "names " + list);
    }
  }

  @Test
  void aVisitorThatStopsStopsTheWalk() {
    ObjectId root = dir(List.of("a.jpg", "b.jpg", "c.jpg"));
    List<String> seen = new ArrayList<>();
    boolean finished = ObjectWalker.walk(pages, root, "", d -> true, o -> seen.add(o.path()) && seen.size() < 2);
    assertEquals(false, finished);
    assertEquals(List.of("a.jpg", "b.jpg"), seen);
  }

  /** Sees the whole directory: a .json is an annotation when a non-.json file of its stem is there. */
  private static List<String> reference(List<String> names) {
    List<String> out = new ArrayList<>();
    TreeSet<String> sorted = new TreeSet<>(Names.ORDER);
    sorted.addAll(names);
    for (String n : sorted) {
      if (n.endsWith(".json")) {
        String stem = n.substring(0, n.length() - 5);
        boolean paired = sorted.stream().anyMatch(o -> !o.endsWith(".json") && ObjectWalker.stem(o).equals(stem));
        if (!paired) out.add(n);
      } else {
        String a = ObjectWalker.stem(n) + ".json";
        out.add(sorted.contains(a) ? n + " <- " + a : n);
      }
    }
    return out;
  }

  private List<String> walked(List<String> names) {
    List<String> out = new ArrayList<>();
    ObjectWalker.walk(pages, dir(names), "", d -> true, o -> out.add(describe(o)));
    return out;
  }

  private static String describe(DataObject o) {
    return o.annotation() == null ? o.path() : o.path() + " <- " + o.annotationPath();
  }

  private ObjectId dir(List<String> names) {
    TreeSet<String> sorted = new TreeSet<>(Names.ORDER);
    sorted.addAll(names);
    if (sorted.isEmpty()) return Directory.EMPTY_DIR;
    TreeBuilder b = new TreeBuilder(pages);
    for (String n : sorted) b.add(file(n));
    return b.finish();
  }

  private static TreeEntry file(String name) {
    return TreeEntry.file(name, 0644, 1, 0, 1, ObjectId.hash(name.getBytes()), null);
  }
}
