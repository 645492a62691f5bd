package io.datafs.core.store;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.lazy.LazyVersions;
import io.datafs.core.tree.PageStore;
import java.util.Collection;

/**
 * Read side of metadata objects (tree pages and chunk lists) through the METADATA table, then those fetched for
 * versions read lazily ({@link LazyVersions}), then the {@link MetadataSource} the daemon installs (which fetches
 * them). Each read is checked against its id, so a damaged row is reported, never used. Writes go through a
 * {@link WriteSession}.
 */
public final class MetadataObjects implements PageStore {
  private final KvStore kv;
  private final LazyVersions lazy;
  private volatile MetadataSource source;

  public MetadataObjects(KvStore kv) {
    this.kv = kv;
    this.lazy = new LazyVersions(kv);
  }

  /** Where objects no row holds are fetched from; none until the owner sets one. */
  public void setSource(MetadataSource source) {
    this.source = source;
  }

  /** Whether a local metadata pack holds the object (one fetched lazily is not held so). */
  public boolean has(ObjectId id) {
    return kv.get(Table.METADATA, id.toBytes()) != null;
  }

  @Override
  public byte[] get(ObjectId id) {
    byte[] bytes = here(id);
    if (bytes == null) {
      MetadataSource s = source;
      bytes = s == null ? null : s.fetch(id);
    }
    if (bytes == null) throw new NotFoundException("metadata object " + id.shortHex(12) + " is missing from the store");
    if (!ObjectId.hash(bytes).equals(id)) {
      throw new CorruptObjectException(id, "metadata object " + id.shortHex(12) + " is corrupt");
    }
    return bytes;
  }

  /** Starts fetching those of {@code ids} that are not here (from the source), and returns at once. */
  public void prefetch(Collection<ObjectId> ids) {
    MetadataSource s = source;
    if (s != null) s.prefetch(ids);
  }

  /** Whether the object can be read without fetching it: held in a pack, or fetched lazily before. */
  public boolean isHere(ObjectId id) {
    return here(id) != null;
  }

  private byte[] here(ObjectId id) {
    byte[] bytes = kv.get(Table.METADATA, id.toBytes());
    return bytes != null ? bytes : lazy.object(id);
  }

  @Override
  public void put(ObjectId id, byte[] encoded) {
    throw new UnsupportedOperationException("metadata is written through a WriteSession");
  }
}
