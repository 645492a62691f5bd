package io.datafs.core.error;

/**
 * A store home, or a file datafs opens in it, that another user could have planted or could change: owned by
 * someone else, writable by group or others, or a symbolic link. Refused before anything is read or written there.
 */
public class UnsafeHomeException extends DatafsException {
  public UnsafeHomeException(String message) {
    super(message);
  }
}
