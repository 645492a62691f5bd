package io.datafs.fs;

import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.TreeEntry;
import java.util.Optional;

/**
 * Absolute FUSE paths to entries of one version and their inode numbers ({@link Inodes}), through a bounded dentry
 * cache of path -> entry and number (empty for a path known not to exist). A miss walks down from the deepest cached
 * ancestor, caching every level it looks up, so siblings of a path just resolved cost one directory lookup each.
 */
final class PathResolver {
  /** An entry and its inode number. */
  record Known(TreeEntry entry, long ino) {}

  private final VersionReader reader;
  private final Known root;
  private final Inodes inodes;
  private final BoundedLru<String, Optional<Known>> dentries;

  PathResolver(VersionReader reader, TreeEntry root, Inodes inodes, int capacity) {
    this.reader = reader;
    this.root = new Known(root, Inodes.ROOT);
    this.inodes = inodes;
    this.dentries = new BoundedLru<>(capacity);
  }

  TreeEntry root() {
    return root.entry();
  }

  /** The entry at {@code path}; ENOENT when absent, ENOTDIR when a component before the last is not a directory. */
  TreeEntry resolve(String path) {
    return known(path).entry();
  }

  /** {@link #resolve}, with the entry's inode number. */
  Known known(String path) {
    if (path.equals("/")) return root;
    if (!path.startsWith("/")) throw new FsException(Errno.EINVAL, "not an absolute path: " + path);
    Optional<Known> hit = dentries.get(path);
    if (hit != null) return hit.orElseThrow(() -> noEntry(path));

    Known at = root;
    int from = 1; // where the next component to look up starts
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      Optional<Known> ancestor = dentries.get(path.substring(0, slash));
      if (ancestor != null) {
        at = ancestor.orElseThrow(() -> noEntry(path));
        from = slash + 1;
        break;
      }
    }
    while (true) {
      TreeEntry dir = at.entry();
      if (!dir.isDir()) throw new FsException(Errno.ENOTDIR, "not a directory on the way to " + path);
      int end = path.indexOf('/', from);
      if (end < 0) end = path.length();
      if (end == from) throw noEntry(path); // an empty component: "//" or a trailing "/"
      Optional<Directory.Located> found = reader.locate(dir, path.substring(from, end));
      String dirPath = from == 1 ? "/" : path.substring(0, from - 1);
      Optional<Known> entry = found.map(l -> new Known(l.entry(), inode(dirPath, dir, l.position())));
      dentries.put(path.substring(0, end), entry);
      at = entry.orElseThrow(() -> noEntry(path));
      if (end == path.length()) return at;
      from = end + 1;
    }
  }

  /** The inode number of the entry at {@code position} of directory {@code dir}, found at {@code dirPath}. */
  long inode(String dirPath, TreeEntry dir, long position) {
    return inodes.of(dirPath, position, () -> reader.count(dir));
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
