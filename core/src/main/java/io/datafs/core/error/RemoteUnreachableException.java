package io.datafs.core.error;

/** A remote that did not answer, or kept failing, for every try within the retry budget. */
public class RemoteUnreachableException extends DatafsException {
  public RemoteUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
