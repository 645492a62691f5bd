package io.datafs.core.store;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.tree.PageStore;

/**
 * Read side of metadata objects (tree pages and chunk lists) through the METADATA table. Each read is checked
 * against its id, so a damaged row is reported, never used. Writes go through a {@link WriteSession}.
 */
public final class MetadataObjects implements PageStore {
  private final KvStore kv;

  public MetadataObjects(KvStore kv) {
    this.kv = kv;
  }

  public boolean has(ObjectId id) {
    return kv.get(Table.METADATA, id.toBytes()) != null;
  }

  @Override
  public byte[] get(ObjectId id) {
    byte[] bytes = kv.get(Table.METADATA, id.toBytes());
    if (bytes == null) throw new NotFoundException("metadata object " + id.shortHex(12) + " is missing from the store");
    if (!ObjectId.hash(bytes).equals(id)) {
      throw new CorruptObjectException(id, "metadata object " + id.shortHex(12) + " is corrupt");
    }
    return bytes;
  }

  @Override
  public void put(ObjectId id, byte[] encoded) {
    throw new UnsupportedOperationException("metadata is written through a WriteSession");
  }
}
