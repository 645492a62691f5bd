package io.datafs.core.dataset;

import io.datafs.core.id.ObjectId;

/** A dataset metadata record with its id. */
public record DatasetMeta(ObjectId id, DatasetMetaRecord record) {
  /** {@code cats meta#3}: how messages name a record. */
  public String label() {
    return record.dataset() + " meta#" + record.number();
  }
}
