package io.datafs.core.sync;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackIndex;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.Packs;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.PackRow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which local pack holds an object. Chunks are found through the OBJECTS rows; metadata objects have rows of their
 * bytes only, so their packs are learnt from the indexes of the local metadata packs, read once when first needed.
 */
final class LocalPacks {
  private final Path packsDir;
  private final KvStore kv;
  private final LocalObjects objects;
  private Map<ObjectId, ObjectId> metadataPacks;

  LocalPacks(Path packsDir, KvStore kv, LocalObjects objects) {
    this.packsDir = packsDir;
    this.kv = kv;
    this.objects = objects;
  }

  ObjectId ofChunk(ObjectId chunk) {
    return objects.locate(chunk).packId();
  }

  ObjectId ofMetadata(ObjectId id) {
    if (metadataPacks == null) metadataPacks = loadMetadataPacks();
    ObjectId pack = metadataPacks.get(id);
    if (pack == null) { // sealed since the map was read (a commit's own pack): read it again
      metadataPacks = loadMetadataPacks();
      pack = metadataPacks.get(id);
    }
    if (pack == null) throw new NotFoundException("metadata object " + id.shortHex(12) + " is in no local pack");
    return pack;
  }

  Path file(ObjectId pack) {
    return Packs.path(packsDir, pack);
  }

  PackRow row(ObjectId pack) {
    return objects.pack(pack);
  }

  /** The index of a local pack, exactly as the pack holds it (so it hashes to the pack's id). */
  byte[] index(ObjectId pack) {
    try (PackReader r = PackReader.open(file(pack))) {
      return PackIndex.encode(r.entries());
    }
  }

  private Map<ObjectId, ObjectId> loadMetadataPacks() {
    Map<ObjectId, ObjectId> out = new HashMap<>();
    kv.scan(Table.PACKS, new byte[0], (k, v) -> {
      PackRow row = PackRow.decode(v);
      if (row.kind() == PackKind.METADATA && row.isLocal()) {
        ObjectId pack = ObjectId.of(k);
        try (PackReader r = PackReader.open(file(pack))) {
          for (PackEntry e : r.entries()) out.putIfAbsent(e.id(), pack);
        }
      }
      return true;
    });
    return out;
  }
}
