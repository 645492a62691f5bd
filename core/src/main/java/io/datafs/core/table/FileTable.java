package io.datafs.core.table;

import io.datafs.core.annotate.ObjectWalker;
import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreePaths;
import io.datafs.core.version.Version;
import java.util.List;
import java.util.function.Predicate;

/**
 * audb's dependency table of a version: one row per regular file, in path order, streamed: the file's entry (size,
 * sha256, mode, mtime, the version that last changed it), the version that added it ({@link AddedIn}), and the content
 * id of its annotation where it is a data object with one ({@link ObjectWalker}'s pairing; an annotation file itself,
 * and a file without one, have none). Reads tree pages only, never a chunk: a version pulled without its content has a
 * table. Memory holds a window of one directory's entries and one stream per version, never the rows.
 */
public final class FileTable {
  /**
   * One file of the version.
   *
   * @param annotation the content id of the file's annotation, or null
   */
  public record Row(String path, TreeEntry file, long addedIn, ObjectId annotation) {}

  private FileTable() {}

  /**
   * Visits the rows of the last version of {@code history} until {@code each} returns false.
   *
   * @param history versions 1..V of one dataset, oldest first: "added in" looks back through all of them
   * @return false when {@code each} stopped the walk
   */
  public static boolean rows(PageStore pages, List<Version> history, Predicate<Row> each) {
    Version v = history.get(history.size() - 1);
    AddedIn addedIn = new AddedIn(pages, history);
    return ObjectWalker.walkFiles(pages, v.rootId(), o -> each.test(new Row(o.path(), o.data(),
        addedIn.of(TreePaths.sortKey(o.path())), o.annotation() == null ? null : o.annotation().contentId())));
  }
}
