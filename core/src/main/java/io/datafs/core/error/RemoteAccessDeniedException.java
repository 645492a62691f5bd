package io.datafs.core.error;

/** The remote refused the credentials, or they do not allow the operation. Never retried. */
public class RemoteAccessDeniedException extends DatafsException {
  public RemoteAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
