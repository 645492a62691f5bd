package io.datafs.fs.overlay;

import io.datafs.fs.Attributes;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.fuse.WritableFs;
import io.datafs.fs.overlay.Namespace.Resolved;

/**
 * Changes to what an inode keeps besides its content and name (see docs/SEMANTICS.md, "POSIX metadata of a writable
 * mount"): the mode and mtime, which are staged and committed, and the atime, ctime and owner, which the mount keeps
 * ({@link OverlayInodes}; an atime set and an owner other than the daemon's in the overlay's rows too, so that they
 * outlive a daemon restart). Paths are the overlay's ("a/b"); the caller holds the overlay's lock.
 */
final class InodeChanges {
  private static final int S_ISGID = 02000;

  private final Staging staging;
  private final OverlayAttributes attributes;
  private final OpenFiles files;
  private final long ownerUid;
  private final long ownerGid;

  InodeChanges(Staging staging, OverlayAttributes attributes, OpenFiles files, long ownerUid, long ownerGid) {
    this.staging = staging;
    this.attributes = attributes;
    this.files = files;
    this.ownerUid = ownerUid;
    this.ownerGid = ownerGid;
  }

  void chmod(String rel, int mode) {
    staging.setMode(staging.namespace().existing(rel), mode & 07777);
    staging.inodes.at(rel).changed();
  }

  /**
   * Owners are not versioned: a path belongs to its creator (kept by the mount, across restarts too), else to
   * whoever runs the daemon. "Changing" to the owner it has is allowed (its ctime moves); to any other, EPERM: a
   * commit would drop it silently.
   */
  void chown(String rel, long uid, long gid) {
    staging.namespace().existing(rel);
    OverlayInodes.Inode inode = staging.inodes.at(rel);
    boolean sameUser = uid == -1 || uid == (inode.uid >= 0 ? inode.uid : ownerUid);
    boolean sameGroup = gid == -1 || gid == (inode.gid >= 0 ? inode.gid : ownerGid);
    if (!sameUser || !sameGroup) throw new FsException(Errno.EPERM, "owners are not versioned: cannot chown /" + rel);
    inode.changed();
  }

  /** Its creator owns a path just made; in a setgid directory the group is the directory's, as on ext4. */
  void created(String rel, long uid, long gid) {
    Attributes parent = parentOf(rel);
    long group = (parent.mode() & S_ISGID) == 0 ? gid : parent.gid() >= 0 ? parent.gid() : ownerGid;
    // the daemon's own user and group are the default (-1): only others make a row the overlay keeps
    staging.inodes.setOwner(rel, uid == ownerUid ? -1 : uid, group == ownerGid ? -1 : group);
  }

  /** The setgid bit a directory made at {@code rel} inherits from its parent (0 when the parent has none). */
  int inheritedSetgid(String rel) {
    return parentOf(rel).mode() & S_ISGID;
  }

  /** The mtime is staged (and committed); the atime is kept by the mount for its life, as the ctime. */
  void utimens(String rel, long atimeNanos, long mtimeNanos) {
    Resolved r = staging.namespace().existing(rel);
    if (atimeNanos == WritableFs.TIME_OMIT && mtimeNanos == WritableFs.TIME_OMIT) return;
    OverlayInodes.Inode inode = staging.inodes.at(rel);
    if (atimeNanos != WritableFs.TIME_OMIT) staging.inodes.setAtime(rel, orNow(atimeNanos));
    if (mtimeNanos != WritableFs.TIME_OMIT) {
      staging.setMtime(r, orNow(mtimeNanos), files.all());
      inode.entriesChangedNanos = null;
    }
    inode.changed();
  }

  private static long orNow(long nanos) {
    return nanos == WritableFs.TIME_NOW ? Staging.now() : nanos;
  }

  private Attributes parentOf(String rel) {
    return attributes.of(staging.namespace().existing(Delta.parent(rel)));
  }
}
