package io.datafs.core.chunk;

import io.datafs.core.id.ObjectId;
import java.util.Objects;

/** One chunk of a file: its id (SHA-256 of its bytes) and its length in bytes. */
public record ChunkRef(ObjectId id, int length) {
  public ChunkRef {
    Objects.requireNonNull(id, "id");
    if (length <= 0) throw new IllegalArgumentException("a chunk has at least one byte, not " + length);
  }
}
