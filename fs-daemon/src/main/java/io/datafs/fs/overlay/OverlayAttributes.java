package io.datafs.fs.overlay;

import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import io.datafs.fs.Attributes;
import io.datafs.fs.DatasetFileSystem;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.Inodes;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * What stat and the extended attributes show of a path of the overlay: the staged node's attributes where there is
 * one (a staged file's size and mtime are its data file's), the version's entry elsewhere. Inode numbers are handed
 * out per path for the life of the mount. The caller holds the overlay's lock.
 */
final class OverlayAttributes {
  private final Staging staging;
  private final Inodes inodes = new Inodes();

  OverlayAttributes(Staging staging) {
    this.staging = staging;
  }

  /** The inode number of a path ("a/b"). */
  long ino(String rel) {
    return inodes.of(OverlayFileSystem.fuse(rel));
  }

  Attributes of(Resolved r) {
    long ino = ino(r.path());
    Node n = r.node();
    if (n == null) {
      TreeEntry e = r.below();
      if (r.path().isEmpty()) return new Attributes(ino, EntryKind.DIR, 0755, 0, staging.versionTime(), 2);
      return new Attributes(ino, e.kind(), e.mode(), e.size(), e.mtimeNanos(), e.isDir() ? 2 : 1);
    }
    if (n instanceof Node.Dir d) return new Attributes(ino, EntryKind.DIR, d.mode(), 0, d.mtimeNanos(), 2);
    if (n instanceof Node.Symlink s) {
      return new Attributes(ino, EntryKind.SYMLINK, 0777, Names.utf8Length(s.target()), s.mtimeNanos(), 1);
    }
    Node.File f = (Node.File) n;
    if (!f.isStaged()) return new Attributes(ino, EntryKind.FILE, f.mode(), f.base().size(), f.mtimeNanos(), 1);
    BasicFileAttributes a = staging.data().stat(f.data());
    return new Attributes(ino, EntryKind.FILE, f.mode(), a.size(), DataFiles.nanos(a.lastModifiedTime()), 1);
  }

  /** The version's attribute on the root, the content hash on files whose content is stored; ENODATA otherwise. */
  byte[] xattr(Resolved r, String name) {
    Version base = staging.base();
    if (name.equals(DatasetFileSystem.XATTR_VERSION) && r.path().isEmpty()) {
      return utf8(base.label() + " " + base.id().hex());
    }
    TreeEntry stored = storedFile(r);
    if (name.equals(DatasetFileSystem.XATTR_SHA256) && stored != null) return utf8(stored.contentId().hex());
    throw new FsException(Errno.ENODATA, "no attribute " + name + " on /" + r.path());
  }

  List<String> xattrNames(Resolved r) {
    if (r.path().isEmpty()) return List.of(DatasetFileSystem.XATTR_VERSION);
    return storedFile(r) != null ? List.of(DatasetFileSystem.XATTR_SHA256) : List.of();
  }

  /** The stored entry of a file whose content is not staged (its hash is known); null for anything else. */
  private static TreeEntry storedFile(Resolved r) {
    if (r.kind() != EntryKind.FILE) return null;
    if (r.node() instanceof Node.File f) return f.isStaged() ? null : f.base();
    return r.below();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
