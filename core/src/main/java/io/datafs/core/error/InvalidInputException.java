package io.datafs.core.error;

/** Input datafs refuses: a bad dataset name, a bad address, an import source that is not a directory. */
public class InvalidInputException extends DatafsException {
  public InvalidInputException(String message) {
    super(message);
  }
}
