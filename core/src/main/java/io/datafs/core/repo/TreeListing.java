package io.datafs.core.repo;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreeWalker;
import io.datafs.core.tree.WalkVisitor;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.List;

/** Paths of a version looked up and listed over any page store: the local one, or a remote's being browsed. */
public final class TreeListing {
  private TreeListing() {}

  /** The entry at {@code path} ("" for the root, which is reported as a directory named ""). */
  public static TreeEntry stat(PageStore pages, Version v, String path) {
    TreeEntry e = TreeEntry.dir("", 0755, 0, v.record().number(), v.rootId());
    String walked = "";
    for (String part : splitPath(path)) {
      if (!e.isDir()) throw new NotFoundException("not a directory in " + v.label() + ": " + walked);
      walked = walked.isEmpty() ? part : walked + "/" + part;
      e = Directory.lookup(pages, e.contentId(), part).orElseThrow(
          () -> new NotFoundException("no such path in " + v.label() + ": " + String.join("/", splitPath(path))));
    }
    return e;
  }

  /** Lists a directory (or one file); recursive lists paths below it depth-first in name order. */
  public static void list(PageStore pages, Version v, String path, boolean recursive, WalkVisitor visitor) {
    TreeEntry e = stat(pages, v, path);
    String base = String.join("/", splitPath(path));
    if (!e.isDir()) {
      visitor.visit(base, e);
      return;
    }
    if (recursive) {
      TreeWalker.walk(pages, e.contentId(), (p, child) -> visitor.visit(base.isEmpty() ? p : base + "/" + p, child));
    } else {
      Directory.list(pages, e.contentId(),
          child -> visitor.visit(base.isEmpty() ? child.name() : base + "/" + child.name(), child));
    }
  }

  public static List<String> splitPath(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) if (!p.isEmpty() && !p.equals(".")) parts.add(p);
    return parts;
  }
}
