package io.datafs.core.tree;

/** Sees each entry of a tree walk. */
public interface WalkVisitor {
  /** Returns false to skip the children of a directory (ignored for other entries). */
  boolean visit(String path, TreeEntry e);
}
