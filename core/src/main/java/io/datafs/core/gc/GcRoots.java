package io.datafs.core.gc;

import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.TreeEntry;
import java.util.List;

/**
 * What must survive a GC besides every version and tag the catalog holds: trees and file entries that only a
 * writable mount's staged changes name (a moved directory's old tree, a stored file placed or moved), and the trees
 * of mounted versions. Each carries a label for the message of a store too damaged to mark.
 */
public record GcRoots(List<Tree> trees, List<File> files) {
  public static final GcRoots NONE = new GcRoots(List.of(), List.of());

  public GcRoots {
    trees = List.copyOf(trees);
    files = List.copyOf(files);
  }

  /** A directory (a root page id) to keep whole. */
  public record Tree(String label, ObjectId root) {}

  /** A file entry whose content (chunk list, chunks) to keep. */
  public record File(String label, TreeEntry entry) {}
}
