package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;

/** Visits every entry of a tree, depth-first pre-order in {@link TreePaths#ORDER}. */
public final class TreeWalker {
  private TreeWalker() {}

  public static void walk(PageStore s, ObjectId rootDirId, WalkVisitor v) {
    walk(s, rootDirId, "", v);
  }

  /** Walks the directory {@code dirId} whose path is {@code dirPath}, reporting paths below it. */
  static void walk(PageStore s, ObjectId dirId, String dirPath, WalkVisitor v) {
    Directory.list(s, dirId, e -> {
      String path = TreePaths.child(dirPath, e.name());
      if (v.visit(path, e) && e.isDir()) walk(s, e.contentId(), path, v);
      return true;
    });
  }
}
