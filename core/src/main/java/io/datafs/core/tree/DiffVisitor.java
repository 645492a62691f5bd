package io.datafs.core.tree;

/** Sees each difference {@link TreeDiff} finds. */
public interface DiffVisitor {
  /** An entry added (old null), removed (new null) or changed. */
  void changed(String path, TreeEntry oldEntry, TreeEntry newEntry);
}
