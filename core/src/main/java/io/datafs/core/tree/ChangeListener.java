package io.datafs.core.tree;

/** Told of each edit {@link PathEditor} applied. */
public interface ChangeListener {
  /**
   * @param oldEntry the entry the edit replaced, null if the path was absent
   * @param newEntry the entry as it was put, null for a delete
   */
  void changed(String path, TreeEntry oldEntry, TreeEntry newEntry);
}
