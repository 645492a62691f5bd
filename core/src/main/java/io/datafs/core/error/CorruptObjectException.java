package io.datafs.core.error;

import io.datafs.core.id.ObjectId;

/** Stored bytes that do not hash to their id, or a pack whose structure is broken. Never served. */
public class CorruptObjectException extends DatafsException {
  private final ObjectId objectId;

  public CorruptObjectException(ObjectId objectId, String message) {
    super(message);
    this.objectId = objectId;
  }

  /** The object that failed its check, or null when the damage is to a pack as a whole. */
  public ObjectId objectId() {
    return objectId;
  }
}
