package io.datafs.fs.overlay;

import io.datafs.core.ingest.SymlinkCheck;
import io.datafs.core.tree.Directory;
import io.datafs.fs.Attributes;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.overlay.Namespace.Resolved;

/**
 * Changes to the names of a writable mount: unlink, mkdir, rmdir, rename, symlink, and link (refused once checked).
 * Each checks everything before its first change, as POSIX orders the errors, then stages the change and moves the
 * inodes ({@link OverlayInodes}) and open handles ({@link OpenFiles}) with it. Paths are FUSE paths ("/a/b"); the
 * caller holds the overlay's lock (see {@link OverlayFileSystem}, which answers each callback through here).
 */
final class NameChanges {
  private final Staging staging;
  private final Namespace ns;
  private final OverlayAttributes attributes;
  private final OpenFiles files;
  private final InodeChanges inodeChanges;

  NameChanges(Staging staging, OverlayAttributes attributes, OpenFiles files, InodeChanges inodeChanges) {
    this.staging = staging;
    this.ns = staging.namespace();
    this.attributes = attributes;
    this.files = files;
    this.inodeChanges = inodeChanges;
  }

  void unlink(String path) {
    String rel = OverlayFileSystem.rel(path);
    if (files.unhide(Delta.name(rel))) return; // the last close of a file unlinked while open
    Resolved r = ns.existing(rel);
    if (r.isDir()) throw new FsException(Errno.EISDIR, "a directory: " + path);
    Attributes last = attributes.of(r);
    staging.remove(r);
    files.detach(rel, last, staging.inodes.removed(rel));
  }

  void mkdir(String path, int permissions) {
    String rel = staging.checkNewName(path);
    if (ns.resolve(rel).exists()) throw new FsException(Errno.EEXIST, "exists: " + path);
    int mode = (permissions & 07777) | inodeChanges.inheritedSetgid(rel);
    staging.put(rel, new Node.Dir(mode, Staging.now(), Directory.EMPTY_DIR, null));
    staging.inodes.created(rel, -1, -1);
  }

  void rmdir(String path) {
    String rel = OverlayFileSystem.rel(path);
    if (rel.isEmpty()) throw new FsException(Errno.EBUSY, "cannot remove the mount's root");
    Resolved r = ns.existing(rel);
    if (!r.isDir()) throw new FsException(Errno.ENOTDIR, "not a directory: " + path);
    if (!ns.isEmptyDir(r)) throw new FsException(Errno.ENOTEMPTY, "not empty: " + path);
    staging.remove(r);
    staging.inodes.removed(rel);
  }

  void rename(String from, String to) {
    String a = OverlayFileSystem.rel(from);
    String b = staging.checkNewName(to);
    if (a.isEmpty()) throw new FsException(Errno.EBUSY, "cannot move the mount's root");
    Resolved src = ns.existing(a);
    if (a.equals(b)) return;
    if (Delta.name(b).startsWith(OpenFiles.HIDDEN) && files.isOpen(a) && !src.isDir()) {
      Attributes last = attributes.of(src);
      staging.remove(src);
      files.hide(Delta.name(b), a, last, staging.inodes.removed(a));
      return;
    }
    if (Delta.within(b, a)) throw new FsException(Errno.EINVAL, "cannot move " + from + " into itself");
    Resolved dst = ns.resolve(b);
    if (dst.exists()) {
      if (src.isDir() && !dst.isDir()) throw new FsException(Errno.ENOTDIR, "not a directory: " + to);
      if (!src.isDir() && dst.isDir()) throw new FsException(Errno.EISDIR, "a directory: " + to);
      if (dst.isDir() && !ns.isEmptyDir(dst)) throw new FsException(Errno.ENOTEMPTY, "not empty: " + to);
    }
    ns.refuseEscapingLinks(src, b, to);
    if (dst.exists()) files.detach(b, attributes.of(dst), staging.inodes.at(b));
    staging.move(src, dst);
    staging.inodes.moved(a, b);
    files.follow(a, b);
  }

  void symlink(String target, String path) {
    String rel = staging.checkNewName(path);
    if (ns.resolve(rel).exists()) throw new FsException(Errno.EEXIST, "exists: " + path);
    if (SymlinkCheck.escapes(rel, target)) {
      throw new FsException(Errno.EPERM, "a symlink must stay inside the dataset: " + path + " -> " + target);
    }
    staging.put(rel, new Node.Symlink(target, Staging.now()));
    staging.inodes.created(rel, -1, -1);
  }

  /** Refused after the checks link(2) makes first: the new name, the file linked, a name taken. */
  void link(String from, String to) {
    String rel = staging.checkNewName(to);
    ns.existing(OverlayFileSystem.rel(from));
    if (ns.resolve(rel).exists()) throw new FsException(Errno.EEXIST, "exists: " + to);
    throw new FsException(Errno.EPERM, "hard links are not versioned: cannot link " + to + " to " + from);
  }
}
