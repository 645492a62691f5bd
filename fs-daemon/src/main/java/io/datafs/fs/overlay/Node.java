package io.datafs.fs.overlay;

import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.TreeEntry;

/**
 * What a staging overlay holds for one path, over the version below it. Immutable: a change makes a new node, so
 * a commit can tell a node it sealed from one written since by {@code equals}.
 */
sealed interface Node {
  /** The path is deleted: whatever is below is hidden. */
  record Whiteout() implements Node {}

  /**
   * A directory.
   *
   * @param lower the tree whose entries show through it; null for the directory at the same path below (a
   *              directory re-moded or with changes inside), {@code Directory.EMPTY_DIR} for a new one
   * @param from  the path below it was moved from, for status; null when not moved
   */
  record Dir(int mode, long mtimeNanos, ObjectId lower, String from) implements Node {
    Dir withMode(int m) {
      return new Dir(m, mtimeNanos, lower, from);
    }

    Dir withMtime(long t) {
      return new Dir(mode, t, lower, from);
    }
  }

  /**
   * A regular file: its content is either the staged data file {@code data} (whose size and mtime are the file's
   * own) or the stored entry {@code base} (moved or re-moded, not rewritten), with {@code mtimeNanos} here.
   *
   * @param from the path below whose content this began as (its own path when copied up in place); null when new
   */
  record File(int mode, long mtimeNanos, String data, TreeEntry base, String from) implements Node {
    static File staged(int mode, String data, String from) {
      return new File(mode, 0, data, null, from);
    }

    static File stored(TreeEntry base, int mode, long mtimeNanos, String from) {
      return new File(mode, mtimeNanos, null, base, from);
    }

    boolean isStaged() {
      return data != null;
    }

    File withMode(int m) {
      return new File(m, mtimeNanos, data, base, from);
    }
  }

  record Symlink(String target, long mtimeNanos) implements Node {}

  Whiteout WHITEOUT = new Whiteout();
}
