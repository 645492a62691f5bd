package io.datafs.core.error;

/**
 * A remote failure that may pass if tried again: an HTTP 5xx or 429, a connection refused or reset, a
 * timeout. Remotes throw it; {@code RetryingRemote} retries it and, when retries run out, reports
 * {@link RemoteUnreachableException} instead.
 */
public class RemoteTransientException extends DatafsException {
  public RemoteTransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
