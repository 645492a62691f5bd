package io.datafs.fs.overlay;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeEntry;
import io.datafs.fs.FsException;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code datafs add} and {@code datafs del} on a writable mount: stored files placed at paths, and files removed, in
 * bulk and by metadata only. A placed file is a node naming a stored entry (content id, chunk list, size, mode,
 * mtime) of any dataset or version of the store, even one whose chunks are only on a remote: nothing is read and no
 * data file is written, so a commit publishes it without ingesting a byte, and the first write copies it up as it
 * would any file of the version. Each call runs under the overlay's lock, checks everything before its first
 * change, and writes its changes as one batch of rows.
 */
final class Placement {
  private static final int NEW_DIR_MODE = 0755;

  private final Staging staging;
  private final OpenFiles files;

  Placement(Staging staging, OpenFiles files) {
    this.staging = staging;
    this.files = files;
  }

  /**
   * Stages each file entry at its path ("a/b", relative to the dataset root), creating missing parent directories
   * and replacing a file or symlink there (open handles keep what they had, as after a rename over it). A directory
   * at a path, a non-directory where a parent should be, a name the store refuses or an entry that is not a file:
   * InvalidInputException naming the path, and nothing staged. Returns how many files were staged.
   */
  int add(SortedMap<String, TreeEntry> entries) {
    return staging.locked(() -> {
      Map<String, Node> plan = new LinkedHashMap<>();
      long now = Staging.now();
      entries.forEach((path, entry) -> plan(path, entry, plan, now));
      return staging.batch(() -> {
        plan.forEach((path, node) -> {
          Node replaced = staging.delta().get(path);
          if (node instanceof Node.File) files.detach(path, null, staging.inodes.removed(path));
          staging.put(path, node);
          staging.free(replaced);
        });
        return entries.size();
      });
    });
  }

  /**
   * Deletes each path ("a/b") that is a file or symlink in the mount's view: a whiteout over the version, or the
   * staged node dropped when there is nothing below. Directories and missing paths are skipped. Returns how many
   * paths were deleted.
   */
  int remove(Collection<String> paths) {
    return staging.locked(() -> staging.batch(() -> {
      int removed = 0;
      for (String path : paths) {
        Resolved r = fileOrSymlinkAt(path);
        if (r == null) continue;
        staging.remove(r);
        files.detach(r.path(), null, staging.inodes.removed(r.path()));
        removed++;
      }
      return removed;
    }));
  }

  /** Adds to {@code plan} the nodes that put {@code entry} at {@code path}: missing directories, then the file. */
  private void plan(String path, TreeEntry entry, Map<String, Node> plan, long now) {
    if (!entry.isFile()) refuse(path, "not a file but a " + entry.kind().name().toLowerCase());
    String[] names = path.split("/", -1);
    Resolved at = staging.namespace().root(); // null below a directory this call makes
    String p = "";
    for (int i = 0; i < names.length; i++) {
      checkName(path, names[i]);
      p = Delta.child(p, names[i]);
      boolean last = i == names.length - 1;
      Node planned = plan.get(p);
      Resolved r = planned != null || at == null ? null : staging.namespace().step(at, names[i]);
      boolean dir = planned != null ? planned instanceof Node.Dir : r != null && r.isDir();
      boolean exists = planned != null || (r != null && r.exists());
      if (last) {
        if (dir) refuse(path, "a directory is there");
        plan.put(p, Node.File.stored(entry, entry.mode(), entry.mtimeNanos(), null));
      } else if (!exists) {
        plan.put(p, new Node.Dir(NEW_DIR_MODE, now, Directory.EMPTY_DIR, null));
        at = null;
      } else if (!dir) {
        refuse(path, p + " is not a directory");
      } else {
        at = r;
      }
    }
  }

  /** Names are refused as a create through the mount refuses them, with the path named. */
  private static void checkName(String path, String name) {
    try {
      Names.check(name);
    } catch (InvalidInputException e) {
      refuse(path, e.getMessage());
    }
  }

  private static void refuse(String path, String why) {
    throw new InvalidInputException("cannot add " + Names.printable(path) + ": " + why + "; nothing staged");
  }

  /** The file or symlink the mount shows at {@code path}; null for a directory or nothing. */
  private Resolved fileOrSymlinkAt(String path) {
    try {
      Resolved r = staging.namespace().resolve(path);
      return r.exists() && !r.isDir() ? r : null;
    } catch (FsException e) {
      return null; // a directory on the way is missing or is a file
    }
  }
}
