package io.datafs.core.error;

/** Something already exists where a create-only write wanted to put it: a version number, a tag. */
public class ConflictException extends DatafsException {
  public ConflictException(String message) {
    super(message);
  }
}
