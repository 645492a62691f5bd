package io.datafs.fs;

import io.datafs.core.tree.EntryKind;

/**
 * What getattr reports for a path.
 *
 * @param ino  stable for the life of the mount
 * @param mode permission bits only (07777); the adapter adds the file-type bits from {@code kind}
 * @param uid  the owner, or -1 for the daemon's user (as is everything a version holds); {@code gid} alike
 */
public record Attributes(long ino, EntryKind kind, int mode, long size, long mtimeNanos, int nlink, long atimeNanos,
                         long ctimeNanos, long uid, long gid) {
  /** A version's entry: atime and ctime are its mtime, and it belongs to the daemon's user. */
  public Attributes(long ino, EntryKind kind, int mode, long size, long mtimeNanos, int nlink) {
    this(ino, kind, mode, size, mtimeNanos, nlink, mtimeNanos, mtimeNanos, -1, -1);
  }
}
