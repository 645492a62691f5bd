package io.datafs.core.version;

import io.datafs.core.id.ObjectId;

/** A version record with its id. */
public record Version(ObjectId id, VersionRecord record) {
  public ObjectId rootId() {
    return ObjectId.fromHex(record.root());
  }

  public String label() {
    return record.dataset() + "@v" + record.number();
  }
}
