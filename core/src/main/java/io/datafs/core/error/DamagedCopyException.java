package io.datafs.core.error;

import io.datafs.core.id.ObjectId;

/**
 * A local copy of an object (a file of the chunk cache) that failed its check and was dropped. Unlike other corrupt
 * objects this one can be had again: asking for the object once more fetches it anew from where it came from.
 */
public final class DamagedCopyException extends CorruptObjectException {
  public DamagedCopyException(ObjectId objectId, String message) {
    super(objectId, message);
  }
}
