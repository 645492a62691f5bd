package io.datafs.fs;

import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.TreeEntry;
import java.util.Optional;

/**
 * Absolute FUSE paths to entries of one version, through a bounded dentry cache of path -> entry (empty for a path
 * known not to exist). A miss walks down from the deepest cached ancestor, caching every level it looks up, so
 * siblings of a path just resolved cost one directory lookup each.
 */
final class PathResolver {
  private final VersionReader reader;
  private final TreeEntry root;
  private final BoundedLru<String, Optional<TreeEntry>> dentries;

  PathResolver(VersionReader reader, TreeEntry root, int capacity) {
    this.reader = reader;
    this.root = root;
    this.dentries = new BoundedLru<>(capacity);
  }

  TreeEntry root() {
    return root;
  }

  /** The entry at {@code path}; ENOENT when absent, ENOTDIR when a component before the last is not a directory. */
  TreeEntry resolve(String path) {
    if (path.equals("/")) return root;
    if (!path.startsWith("/")) throw new FsException(Errno.EINVAL, "not an absolute path: " + path);
    Optional<TreeEntry> hit = dentries.get(path);
    if (hit != null) return hit.orElseThrow(() -> noEntry(path));

    TreeEntry at = root;
    int from = 1; // where the next component to look up starts
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      Optional<TreeEntry> ancestor = dentries.get(path.substring(0, slash));
      if (ancestor != null) {
        at = ancestor.orElseThrow(() -> noEntry(path));
        from = slash + 1;
        break;
      }
    }
    while (true) {
      if (!at.isDir()) throw new FsException(Errno.ENOTDIR, "not a directory on the way to " + path);
      int end = path.indexOf('/', from);
      if (end < 0) end = path.length();
      if (end == from) throw noEntry(path); // an empty component: "//" or a trailing "/"
      Optional<TreeEntry> found = reader.lookup(at, path.substring(from, end));
      dentries.put(path.substring(0, end), found);
      at = found.orElseThrow(() -> noEntry(path));
      if (end == path.length()) return at;
      from = end + 1;
    }
  }

  /** Caches an entry seen by other means (a directory listing), so the stat that usually follows is free. */
  void remember(String path, TreeEntry entry) {
    dentries.put(path, Optional.of(entry));
  }

  int cached() {
    return dentries.size();
  }

  static String child(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }

  private static FsException noEntry(String path) {
    return new FsException(Errno.ENOENT, "no such path: " + path);
  }
}
