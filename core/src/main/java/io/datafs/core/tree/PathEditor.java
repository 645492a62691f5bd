package io.datafs.core.tree;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Edits a whole tree by path. Edits are grouped by directory and each touched directory is rewritten once,
 * deepest first; every ancestor whose content changed gets its new id and {@code changedIn = newVersion}.
 */
public final class PathEditor {
  private final PageStore store;
  private final long newVersion;
  private final List<Change> changes = new ArrayList<>();

  private PathEditor(PageStore store, long newVersion) {
    this.store = store;
    this.newVersion = newVersion;
  }

  /**
   * Applies edits keyed by path ("a/b/c"): null deletes the path (a directory with all below it; a no-op if
   * absent), an entry puts it (its name must be the last component; a DIR entry brings its subtree along, the empty
   * one being {@link Directory#EMPTY_DIR}). An edit applies after the edits of its ancestors, so a directory put in
   * the same call can be edited into. A path whose parent is missing throws {@link NotFoundException}; one whose
   * parent is not a directory, {@link InvalidInputException}.
   *
   * <p>Once all edits succeeded, the listener hears of each in {@link TreePaths#ORDER} (parents first), with the
   * entry it replaced and the entry as given; a delete of an absent path is not reported. Returns the new root id.
   */
  public static ObjectId apply(PageStore s, ObjectId rootDirId, SortedMap<String, TreeEntry> edits, long newVersion,
                               ChangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    DirEdits root = new DirEdits("", "");
    edits.forEach(root::add);
    PathEditor editor = new PathEditor(s, newVersion);
    ObjectId newRoot = editor.rewrite(root, rootDirId);
    editor.changes.sort(Comparator.comparing(Change::path, TreePaths.ORDER));
    for (Change c : editor.changes) listener.changed(c.path, c.old, c.now);
    return newRoot;
  }

  /** Rewrites one directory: first the directories below it that have edits, then its own entries. */
  private ObjectId rewrite(DirEdits dir, ObjectId dirId) {
    NavigableMap<String, TreeEntry> edits = new TreeMap<>(dir.own);
    dir.below.forEach((name, sub) -> {
      TreeEntry base = dir.own.containsKey(name) ? dir.own.get(name)
          : Directory.lookup(store, dirId, name).orElse(null);
      if (base == null) throw new NotFoundException("cannot edit " + sub.describe() + ": no directory "
          + Names.printable(sub.path));
      if (!base.isDir()) {
        throw new InvalidInputException(
            "cannot edit " + sub.describe() + ": " + Names.printable(sub.path) + " is not a directory");
      }
      ObjectId newId = rewrite(sub, base.contentId());
      if (!newId.equals(base.contentId())) edits.put(name, base.withContent(newId).withChangedIn(newVersion));
    });
    return TreeEditor.apply(store, dirId, edits, (name, old, now) -> {
      if (!dir.own.containsKey(name)) return; // an ancestor updated, not an edit
      TreeEntry given = dir.own.get(name);
      if (old != null || given != null) changes.add(new Change(TreePaths.child(dir.path, name), old, given));
    });
  }

  private record Change(String path, TreeEntry old, TreeEntry now) {}

  /** The edits under one directory: to its own entries, and to the directories below it. */
  private static final class DirEdits {
    final String path;
    /** One edit below this directory, to name in errors. */
    final String firstEdit;
    final NavigableMap<String, TreeEntry> own = new TreeMap<>(Names.ORDER);
    final NavigableMap<String, DirEdits> below = new TreeMap<>(Names.ORDER);

    DirEdits(String path, String firstEdit) {
      this.path = path;
      this.firstEdit = firstEdit;
    }

    String describe() {
      return Names.printable(firstEdit);
    }

    void add(String editPath, TreeEntry e) {
      List<String> parts = TreePaths.split(editPath);
      String name = parts.get(parts.size() - 1);
      if (e != null && !e.name().equals(name)) {
        throw new IllegalArgumentException("entry " + Names.printable(e.name()) + " put at "
            + Names.printable(editPath));
      }
      DirEdits dir = this;
      for (String part : parts.subList(0, parts.size() - 1)) {
        String parentPath = dir.path;
        dir = dir.below.computeIfAbsent(part, p -> new DirEdits(TreePaths.child(parentPath, p), editPath));
      }
      dir.own.put(name, e);
    }
  }
}
