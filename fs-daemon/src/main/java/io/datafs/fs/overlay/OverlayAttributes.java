package io.datafs.fs.overlay;

import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import io.datafs.fs.Attributes;
import io.datafs.fs.DatasetFileSystem;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What stat and the extended attributes show of a path of the overlay: the staged node's attributes where there is
 * one (a staged file's size and mtime are its data file's), the version's entry elsewhere, with what the mount keeps
 * per inode ({@link OverlayInodes}: number, atime, ctime, owner, a directory's mtime moved by its entries). A
 * directory's {@code st_nlink} is 2 + its subdirectories. The caller holds the overlay's lock.
 */
final class OverlayAttributes {
  private final Staging staging;

  OverlayAttributes(Staging staging) {
    this.staging = staging;
  }

  /** The inode number of a path ("a/b"). */
  long ino(String rel) {
    return staging.inodes.at(rel).ino;
  }

  Attributes of(Resolved r) {
    OverlayInodes.Inode inode = staging.inodes.at(r.path());
    Node n = r.node();
    if (n instanceof Node.File f && f.isStaged()) {
      DataFiles.Times t = staging.data().times(f.data());
      return withInode(inode, EntryKind.FILE, f.mode(), t.size(), t.mtimeNanos(), 1, t.ctimeNanos());
    }
    if (r.isDir()) {
      int nlink = 2 + staging.namespace().subdirs(r);
      if (r.path().isEmpty() && n == null) {
        return withInode(inode, EntryKind.DIR, 0755, 0, staging.versionTime(), nlink, 0);
      }
      if (n instanceof Node.Dir d) return withInode(inode, EntryKind.DIR, d.mode(), 0, d.mtimeNanos(), nlink, 0);
      return withInode(inode, EntryKind.DIR, r.below().mode(), 0, r.below().mtimeNanos(), nlink, 0);
    }
    if (n instanceof Node.Symlink s) {
      return withInode(inode, EntryKind.SYMLINK, 0777, Names.utf8Length(s.target()), s.mtimeNanos(), 1, 0);
    }
    if (n instanceof Node.File f) {
      return withInode(inode, EntryKind.FILE, f.mode(), f.base().size(), f.mtimeNanos(), 1, 0);
    }
    TreeEntry e = r.below();
    return withInode(inode, e.kind(), e.mode(), e.size(), e.mtimeNanos(), 1, 0);
  }

  /**
   * The attributes with what the inode keeps: atime and ctime read as the mtime until set, ctime no earlier than
   * {@code contentChanged} (a staged file's data file's own ctime, moved by every write), the creator as owner.
   */
  static Attributes withInode(OverlayInodes.Inode i, EntryKind kind, int mode, long size, long mtime, int nlink,
                              long contentChanged) {
    Long entries = i.entriesChangedNanos;
    long m = kind == EntryKind.DIR && entries != null ? entries : mtime;
    long atime = i.atimeNanos != null ? i.atimeNanos : m;
    long ctime = Math.max(i.ctimeNanos != null ? i.ctimeNanos : m, contentChanged);
    return new Attributes(i.ino, kind, mode, size, m, nlink, atime, ctime, i.uid, i.gid);
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
