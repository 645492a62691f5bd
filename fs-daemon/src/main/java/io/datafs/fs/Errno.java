package io.datafs.fs;

/** The Linux errno values the filesystem answers with. FUSE callbacks return their negation. */
public enum Errno {
  EPERM(1),
  ENOENT(2),
  EIO(5),
  EBADF(9),
  EACCES(13),
  EBUSY(16),
  EEXIST(17),
  ENOTDIR(20),
  EISDIR(21),
  EINVAL(22),
  EFBIG(27),
  ENOSPC(28),
  EROFS(30),
  ERANGE(34),
  ENAMETOOLONG(36),
  ENOSYS(38),
  ENOTEMPTY(39),
  ENODATA(61),
  ENOTSUP(95);

  private final int code;

  Errno(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
