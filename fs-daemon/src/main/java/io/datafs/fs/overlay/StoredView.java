package io.datafs.fs.overlay;

import io.datafs.core.annotate.ObjectWalker;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.TreeEntry;
import io.datafs.fs.overlay.Namespace.Listed;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.util.List;

/**
 * A writable mount's view as stored entries, for {@code datafs del} to select objects from: the version's entries as
 * the overlay shows them, files placed by {@code datafs add} or moved as their stored entries. A file written
 * through the mount has no content id until a commit ingests it, so it is not listed (nor is a symlink, which is no
 * object). Each page of a directory is read under the overlay's lock, so a walk never holds it for long.
 */
final class StoredView implements ObjectWalker.Listing {
  private static final int PAGE = 1024;
  private final Staging staging;

  StoredView(Staging staging) {
    this.staging = staging;
  }

  @Override
  public void list(String dirPath, TreeEntry dir, Directory.LeafEntryVisitor each) {
    String after = null;
    while (true) {
      String from = after;
      List<Listed> page = staging.locked(() -> {
        Resolved r = staging.namespace().resolve(dirPath);
        return r.isDir() ? staging.namespace().listAfter(r, from, PAGE) : List.<Listed>of();
      });
      for (Listed l : page) {
        TreeEntry e = stored(l);
        if (e != null && !each.visit(e, null)) return;
      }
      if (page.size() < PAGE) return;
      after = page.get(page.size() - 1).name();
    }
  }

  /** The entry a listed name stands for, or null when it is not stored content (a staged file, a symlink). */
  private static TreeEntry stored(Listed l) {
    if (l.node() == null) return l.below().isSymlink() ? null : l.below();
    if (l.node() instanceof Node.Dir d) {
      return TreeEntry.dir(l.name(), d.mode(), d.mtimeNanos(), 0, d.lower() == null ? Directory.EMPTY_DIR : d.lower());
    }
    if (l.node() instanceof Node.File f && !f.isStaged() && f.base() != null) {
      TreeEntry b = f.base();
      return TreeEntry.file(l.name(), f.mode(), b.size(), f.mtimeNanos(), b.changedIn(), b.contentId(), b.chunkList());
    }
    return null;
  }
}
