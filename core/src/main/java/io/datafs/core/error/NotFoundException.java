package io.datafs.core.error;

/** A dataset, version, tag, path or object that does not exist. */
public class NotFoundException extends DatafsException {
  public NotFoundException(String message) {
    super(message);
  }
}
