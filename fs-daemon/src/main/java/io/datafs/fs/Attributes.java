package io.datafs.fs;

import io.datafs.core.tree.EntryKind;

/**
 * What getattr reports for a path.
 *
 * @param ino  stable for the life of the mount
 * @param mode permission bits only (07777); the adapter adds the file-type bits from {@code kind}
 */
public record Attributes(long ino, EntryKind kind, int mode, long size, long mtimeNanos, int nlink) {}
