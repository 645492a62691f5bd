package io.datafs.core.error;

/**
 * Another store published a version number on a remote first, between our look and our create-only write: the
 * caller may catch up with the remote and try again, its changes replayed onto the new head.
 */
public class RaceLostException extends ConflictException {
  public RaceLostException(String message) {
    super(message);
  }
}
