package io.datafs.core.error;

/**
 * Every failure datafs reports to a user. The message is one line that says what went wrong and
 * names the thing it went wrong with; the CLI prints it as {@code datafs: <message>} and exits 1.
 */
public class DatafsException extends RuntimeException {
  public DatafsException(String message) {
    super(message);
  }

  public DatafsException(String message, Throwable cause) {
    super(message, cause);
  }
}
