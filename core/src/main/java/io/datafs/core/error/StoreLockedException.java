package io.datafs.core.error;

/** Another process holds the store and did not let go within the wait. */
public class StoreLockedException extends DatafsException {
  public StoreLockedException(String message) {
    super(message);
  }
}
