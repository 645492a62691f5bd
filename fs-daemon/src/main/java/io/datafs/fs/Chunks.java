package io.datafs.fs;

import io.datafs.core.id.ObjectId;
import io.datafs.core.repo.VersionReader;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where reads of a version get its chunks. A chunk stored as-is in a local pack is a view of the mapped pack,
 * checked against its CRC32C: no copy, no allocation, and the kernel's page cache is its cache. Any other chunk
 * (compressed, or fetched from a remote) is decoded and verified against its id once, then served from the
 * daemon's shared {@link ChunkCache}. Thread-safe.
 */
public final class Chunks {
  private final VersionReader reader;
  private final ChunkCache cache;
  private final LongAdder views = new LongAdder();

  public Chunks(VersionReader reader, ChunkCache cache) {
    this.reader = reader;
    this.cache = cache;
  }

  /** A checked view that stays valid, or null when {@link #load} serves the chunk. */
  ByteBuffer view(ObjectId id) {
    ByteBuffer v = reader.rawView(id);
    if (v != null) views.increment();
    return v;
  }

  /** The chunk's bytes through the shared cache. */
  byte[] load(ObjectId id) {
    return cache.get(id, reader::readChunk);
  }

  /** Views made and checked so far. */
  long views() {
    return views.sum();
  }
}
