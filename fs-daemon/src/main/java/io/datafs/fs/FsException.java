package io.datafs.fs;

/** A filesystem operation that fails with an errno; the message is for the daemon log, not the caller. */
public final class FsException extends RuntimeException {
  private final Errno errno;

  public FsException(Errno errno, String message) {
    super(message, null, false, false); // thrown on hot paths: no stack trace
    this.errno = errno;
  }

  public Errno errno() {
    return errno;
  }
}
