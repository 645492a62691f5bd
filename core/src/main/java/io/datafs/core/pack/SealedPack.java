package io.datafs.core.pack;

import io.datafs.core.id.ObjectId;
import java.util.List;

/** A pack that is complete and in place under its id: its size in bytes and its entries sorted by id. */
public record SealedPack(ObjectId id, PackKind kind, long size, List<PackEntry> entries) {
  public SealedPack {
    entries = List.copyOf(entries);
  }
}
