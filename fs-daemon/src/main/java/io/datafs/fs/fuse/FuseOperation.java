package io.datafs.fs.fuse;

import java.util.Locale;

/**
 * The FUSE callbacks {@link FuseAdapter} serves, each with its own counter in {@link MountCounters}: found by index,
 * so counting a callback costs no lookup. Named in logs and statistics by their libfuse names ({@link #label}).
 */
enum FuseOperation {
  GETATTR, FGETATTR, OPENDIR, READDIR, RELEASEDIR, OPEN, READ, RELEASE, READLINK, STATFS, GETXATTR, LISTXATTR, ACCESS,
  WRITE, CREATE, MKNOD, MKDIR, UNLINK, RMDIR, SYMLINK, RENAME, LINK, CHMOD, CHOWN, TRUNCATE, FTRUNCATE, UTIMENS,
  SETXATTR, REMOVEXATTR, FLUSH, FSYNC, FSYNCDIR;

  /** libfuse's name of the callback ("getattr"). */
  final String label = name().toLowerCase(Locale.ROOT);
}
