package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TreeWalkerTest {
  private final MemoryPageStore store = new MemoryPageStore();

  private ObjectId tree() {
    SortedMap<String, TreeEntry> edits = new TreeMap<>(TreePaths.ORDER);
    for (String dir : List.of("a", "a/b", "a-c")) {
      String name = dir.substring(dir.lastIndexOf('/') + 1);
      edits.put(dir, TreeEntry.dir(name, 0755, 0, 1, Directory.EMPTY_DIR));
    }
    for (String file : List.of("a/b/x", "a/y", "a-c/z", "é", "😀")) {
      edits.put(file, Entries.file(file.substring(file.lastIndexOf('/') + 1)));
    }
    return PathEditor.apply(store, Directory.EMPTY_DIR, edits, 1, (p, o, n) -> {});
  }

  @Test
  void walksDepthFirstInNameOrder() {
    List<String> paths = new ArrayList<>();
    TreeWalker.walk(store, tree(), (path, e) -> paths.add(path));
    assertEquals(List.of("a", "a/b", "a/b/x", "a/y", "a-c", "a-c/z", "é", "😀"), paths);
    List<String> sorted = new ArrayList<>(paths);
    sorted.sort(TreePaths.ORDER);
    assertEquals(paths, sorted, "walk order is TreePaths.ORDER");
  }

  @Test
  void falseSkipsADirectorysChildren() {
    List<String> paths = new ArrayList<>();
    TreeWalker.walk(store, tree(), (path, e) -> paths.add(path) && !path.equals("a"));
    assertEquals(List.of("a", "a-c", "a-c/z", "é", "😀"), paths);
  }

  @Test
  void pathOrderPutsADirectoryRightBeforeItsContents() {
    List<String> paths = new ArrayList<>(List.of("a-b", "a/b", "a", "ab", "a/b/c", "a/😀", "a/é"));
    paths.sort(TreePaths.ORDER);
    assertEquals(List.of("a", "a/b", "a/b/c", "a/é", "a/😀", "a-b", "ab"), paths);
  }

  @Test
  void splitsAndChecksPaths() {
    assertEquals(List.of("a", "b", "c"), TreePaths.split("a/b/c"));
    assertEquals("x", TreePaths.child("", "x"));
    assertEquals("a/x", TreePaths.child("a", "x"));
    assertThrows(InvalidInputException.class, () -> TreePaths.split("a//b"));
  }
}
