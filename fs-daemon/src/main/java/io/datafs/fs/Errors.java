package io.datafs.fs;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.NotFoundException;

/** How failures of the core become errnos: what is absent is ENOENT, anything else the store did wrong is EIO. */
public final class Errors {
  private Errors() {}

  /** {@code e} as an errno, with a one-line message naming what was being done. */
  public static FsException of(String doing, RuntimeException e) {
    if (e instanceof FsException fs) return fs;
    Errno errno = e instanceof NotFoundException ? Errno.ENOENT : Errno.EIO;
    return new FsException(errno, doing + ": " + describe(e));
  }

  /** For file content: a chunk that is missing or damaged is an I/O error, never "no such file". */
  public static FsException io(String doing, RuntimeException e) {
    if (e instanceof FsException fs) return fs;
    return new FsException(Errno.EIO, doing + ": " + describe(e));
  }

  private static String describe(RuntimeException e) {
    String m = e.getMessage();
    if (e instanceof DatafsException && m != null) return m;
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m); // a bug, not a store failure: say which
  }
}
