package io.datafs.core.store;

import io.datafs.core.id.ObjectId;
import java.util.Collection;

/**
 * Where {@link MetadataObjects} gets a tree page or chunk list the store does not hold: a remote that a version is read
 * lazily from ({@code io.datafs.core.lazy.LazyPages}). Implementations return only bytes that hash to the id.
 */
public interface MetadataSource {
  /**
   * The object's bytes, fetched, checked and kept in the store; null when no lazy remote is known, so the object is
   * simply missing.
   *
   * @throws io.datafs.core.error.DatafsException (never a NotFoundException: an object a tree names that its remote
   *     lacks is damage, not absence) when it cannot be fetched or is corrupt
   */
  byte[] fetch(ObjectId id);

  /** Starts fetching objects a reader will soon want, and returns at once; by default it does nothing. */
  default void prefetch(Collection<ObjectId> ids) {}
}
