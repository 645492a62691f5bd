package io.datafs.fs.fuse;

import io.datafs.core.error.DatafsException;

/** A mount or unmount that could not be done; the message is one line that says why and where. */
public class FuseMountException extends DatafsException {
  public FuseMountException(String message) {
    super(message);
  }

  public FuseMountException(String message, Throwable cause) {
    super(message, cause);
  }
}
