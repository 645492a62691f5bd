package io.datafs.core.store;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.Packs;
import io.datafs.core.pack.SealedPack;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chunks in local data packs, found through the OBJECTS table. Every read is verified against the chunk id
 * by {@link PackReader}; bytes that fail are never returned. Owns the open pack readers.
 */
public final class LocalObjects implements AutoCloseable {
  private final Path packsDir;
  private final KvStore kv;
  private final ConcurrentHashMap<ObjectId, PackReader> readers = new ConcurrentHashMap<>();

  public LocalObjects(Path packsDir, KvStore kv) {
    this.packsDir = packsDir;
    this.kv = kv;
  }

  public boolean hasChunk(ObjectId id) {
    return kv.get(Table.OBJECTS, id.toBytes()) != null;
  }

  public ObjectLocation locate(ObjectId id) {
    byte[] v = kv.get(Table.OBJECTS, id.toBytes());
    if (v == null) throw new NotFoundException("chunk " + id.shortHex(12) + " is missing from the store");
    return ObjectLocation.decode(id, v);
  }

  /** The chunk's raw bytes, verified. */
  public byte[] read(ObjectId id) {
    ObjectLocation loc = locate(id);
    return reader(loc.packId()).read(loc.entry());
  }

  public PackReader reader(ObjectId packId) {
    return readers.computeIfAbsent(packId, p -> PackReader.open(Packs.path(packsDir, p)));
  }

  /** Adds the rows that make a sealed pack's objects findable: OBJECTS for data packs, PACKS for every pack. */
  public static void index(SealedPack pack, KvBatch batch) {
    if (pack.kind() == PackKind.DATA) {
      for (PackEntry e : pack.entries()) {
        batch.put(Table.OBJECTS, e.id().toBytes(), new ObjectLocation(pack.id(), e).encode());
      }
    }
    batch.put(Table.PACKS, pack.id().toBytes(), ByteBuffer.allocate(13)
        .put((byte) pack.kind().code()).putLong(pack.size()).putInt(pack.entries().size()).array());
  }

  /** Forgets an open reader, e.g. after verify found its pack damaged. */
  public void evict(ObjectId packId) {
    PackReader r = readers.remove(packId);
    if (r != null) r.close();
  }

  @Override
  public void close() {
    readers.values().forEach(PackReader::close);
    readers.clear();
  }
}
