package io.datafs.core.error;

/** A GC of the remote is under way: a push stops before uploading anything and can be run again when it is done. */
public class RemoteGcRunningException extends StoreLockedException {
  public RemoteGcRunningException(String message) {
    super(message);
  }
}
