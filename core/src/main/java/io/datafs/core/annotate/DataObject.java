package io.datafs.core.annotate;

import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.TreeEntry;

/**
 * One data object of a version: a regular file that is not an annotation, with the annotation paired with it (LDB's
 * default format: {@code dir/x.json} beside {@code dir/x.<ext>}), or null.
 *
 * @param path       the data file's path in its version
 * @param data       the data file's entry
 * @param annotation the {@code .json} entry beside it with the same stem, or null
 * @param annotationLeaf the id of the tree page the annotation's entry is on, null when not known (a mount's view)
 */
public record DataObject(String path, TreeEntry data, TreeEntry annotation, ObjectId annotationLeaf) {
  /** The annotation's path, or null. */
  public String annotationPath() {
    if (annotation == null) return null;
    int slash = path.lastIndexOf('/');
    return slash < 0 ? annotation.name() : path.substring(0, slash + 1) + annotation.name();
  }
}
