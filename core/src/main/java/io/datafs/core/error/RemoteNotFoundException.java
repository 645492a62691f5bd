package io.datafs.core.error;

/**
 * The remote itself does not exist: its bucket, container or folder. Not a {@link NotFoundException}, so that
 * code asking for an object that may be absent cannot mistake a missing bucket for a missing object.
 */
public class RemoteNotFoundException extends DatafsException {
  public RemoteNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
