package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PathEditorTest {
  private final MemoryPageStore store = new MemoryPageStore();
  private final List<String> heard = new ArrayList<>();
  private final ChangeListener listener = (path, old, now) ->
      heard.add(path + ":" + describe(old) + ">" + describe(now));

  private static String describe(TreeEntry e) {
    return e == null ? "-" : e.kind().name().toLowerCase() + e.changedIn();
  }

  private ObjectId edit(ObjectId root, long version, Object... pathsAndEntries) {
    SortedMap<String, TreeEntry> edits = new TreeMap<>();
    for (int i = 0; i < pathsAndEntries.length; i += 2) edits.put((String) pathsAndEntries[i],
        (TreeEntry) pathsAndEntries[i + 1]);
    return PathEditor.apply(store, root, edits, version, listener);
  }

  private static TreeEntry emptyDir(String name, long version) {
    return TreeEntry.dir(name, 0755, 0, version, Directory.EMPTY_DIR);
  }

  private static TreeEntry file(String name, long version) {
    return Entries.file(name, version);
  }

  private Optional<TreeEntry> at(ObjectId root, String path) {
    List<String> parts = TreePaths.split(path);
    ObjectId dir = root;
    Optional<TreeEntry> e = Optional.empty();
    for (String part : parts) {
      e = Directory.lookup(store, dir, part);
      if (e.isEmpty()) return e;
      if (e.get().isDir()) dir = e.get().contentId();
    }
    return e;
  }

  private List<String> walk(ObjectId root) {
    List<String> paths = new ArrayList<>();
    TreeWalker.walk(store, root, (path, e) -> paths.add(path + (e.isDir() ? "/" : "")));
    return paths;
  }

  @Test
  void createsNestedDirectoriesParentFirst() {
    ObjectId root = edit(Directory.EMPTY_DIR, 1,
        "a", emptyDir("a", 1), "a/b", emptyDir("b", 1), "a/b/c.txt", file("c.txt", 1), "a/d", file("d", 1));
    assertEquals(List.of("a/", "a/b/", "a/b/c.txt", "a/d"), walk(root));
    assertEquals(List.of("a:->dir1", "a/b:->dir1", "a/b/c.txt:->file1", "a/d:->file1"), heard);
  }

  @Test
  void updatesAncestorsContentAndChangedInOnly() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1,
        "a", TreeEntry.dir("a", 0700, 123, 1, Directory.EMPTY_DIR), "a/b", emptyDir("b", 1),
        "a/b/f", file("f", 1), "other", file("other", 1));
    ObjectId v2 = edit(v1, 2, "a/b/f", file("f", 2));

    TreeEntry a = at(v2, "a").orElseThrow();
    assertEquals(2, a.changedIn());
    assertEquals(0700, a.mode());
    assertEquals(123, a.mtimeNanos());
    assertEquals(2, at(v2, "a/b").orElseThrow().changedIn());
    assertEquals(1, at(v2, "other").orElseThrow().changedIn(), "siblings are untouched");
    assertEquals(file("f", 2), at(v2, "a/b/f").orElseThrow());
    assertEquals(at(v1, "other"), at(v2, "other"));
  }

  @Test
  void deletingADirectoryDeletesItsSubtree() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "a", emptyDir("a", 1), "a/x", file("x", 1), "b", file("b", 1));
    heard.clear();
    ObjectId v2 = edit(v1, 2, "a", null, "missing", null);
    assertEquals(List.of("b"), walk(v2));
    assertEquals(List.of("a:dir1>-"), heard, "deleting an absent path is not reported");
  }

  @Test
  void graftsASubtree() {
    ObjectId sub = edit(Directory.EMPTY_DIR, 1, "x", file("x", 1), "y", emptyDir("y", 1), "y/z", file("z", 1));
    ObjectId root = edit(Directory.EMPTY_DIR, 2, "top", emptyDir("top", 2));
    root = edit(root, 3, "top/graft", TreeEntry.dir("graft", 0755, 0, 3, sub), "top/graft/w", file("w", 3));
    assertEquals(List.of("top/", "top/graft/", "top/graft/w", "top/graft/x", "top/graft/y/", "top/graft/y/z"),
        walk(root));
    assertEquals(at(sub, "y"), at(root, "top/graft/y"), "the grafted subtree is shared, not copied");
  }

  @Test
  void replacingAFileByADirectoryAndBack() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "p", file("p", 1));
    ObjectId v2 = edit(v1, 2, "p", emptyDir("p", 2), "p/q", file("q", 2));
    assertEquals(List.of("p/", "p/q"), walk(v2));
    ObjectId v3 = edit(v2, 3, "p", file("p", 3));
    assertEquals(List.of("p"), walk(v3));
    assertEquals(List.of("p:->file1", "p:file1>dir2", "p/q:->file2", "p:dir2>file3"), heard);
  }

  @Test
  void missingParentIsNotFound() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "a", emptyDir("a", 1));
    heard.clear();
    NotFoundException e = assertThrows(NotFoundException.class, () -> edit(v1, 2, "a/b/c", file("c", 2)));
    assertTrue(e.getMessage().contains("a/b/c") && e.getMessage().contains("no directory a/b"), e.getMessage());
    assertThrows(NotFoundException.class, () -> edit(v1, 2, "a", null, "a/x", file("x", 2)),
        "a deleted directory cannot be edited into");
    assertThrows(NotFoundException.class, () -> edit(v1, 2, "zz/x", null), "also for deletes");
    assertEquals(List.of(), heard, "nothing is reported for a failed edit");
  }

  @Test
  void parentThatIsNotADirectoryIsInvalid() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "f", file("f", 1));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> edit(v1, 2, "f/x", file("x", 2)));
    assertTrue(e.getMessage().contains("f is not a directory"), e.getMessage());
  }

  @Test
  void refusesBadPaths() {
    for (String bad : List.of("", "/a", "a/", "a//b", "a/./b", "a/../b")) {
      assertThrows(InvalidInputException.class, () -> edit(Directory.EMPTY_DIR, 1, bad, null), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> edit(Directory.EMPTY_DIR, 1, "a", file("b", 1)));
  }

  @Test
  void unchangedEditsLeaveTheRootAlone() {
    ObjectId v1 = edit(Directory.EMPTY_DIR, 1, "a", emptyDir("a", 1), "a/x", file("x", 1));
    assertEquals(v1, edit(v1, 2, "a/x", file("x", 1), "a/absent", null));
    assertFalse(at(v1, "a/absent").isPresent());
  }

  @Test
  void editsManyFilesInALargeDirectory() {
    ObjectId root = edit(Directory.EMPTY_DIR, 1, "big", emptyDir("big", 1));
    SortedMap<String, TreeEntry> edits = new TreeMap<>();
    for (int i = 0; i < 5000; i++) edits.put("big/" + Entries.name(i), Entries.file(Entries.name(i)));
    root = PathEditor.apply(store, root, edits, 2, (p, o, n) -> {});
    ObjectId big = at(root, "big").orElseThrow().contentId();
    assertEquals(Entries.build(new MemoryPageStore(), Entries.files(5000).values()), big);
  }
}
