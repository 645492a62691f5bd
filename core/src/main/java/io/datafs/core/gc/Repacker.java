package io.datafs.core.gc;

import io.datafs.core.pack.Encoded;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.PackWriter;
import io.datafs.core.pack.Packs;
import io.datafs.core.pack.SealedPack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the live objects of partly-live packs into new packs, as stored (no decoding, no compressing again), each
 * checked against its CRC32C on the way; a new pack is sealed as any (fsynced, read back, renamed to its hash). No row
 * names the new packs yet: until {@link LocalGc} indexes them they are orphans, which the next GC deletes.
 */
final class Repacker {
  private final Path packsDir;
  private final List<SealedPack> sealed = new ArrayList<>();

  Repacker(Path packsDir) {
    this.packsDir = packsDir;
  }

  /** Copies the live objects of {@code fates}' packs of {@code kind}, rolling to a new pack at about {@code roll}. */
  void copy(List<PackFate> fates, PackKind kind, long roll, int maxObjects) {
    PackWriter w = null;
    try {
      for (PackFate f : fates) {
        if (f.kind() != kind || f.action() != PackFate.Action.REPACK) continue;
        try (PackReader r = PackReader.open(Packs.path(packsDir, f.pack()))) {
          for (PackEntry e : f.live()) {
            byte[] stored = r.readStoredChecked(e);
            if (w == null) w = PackWriter.create(packsDir, kind);
            w.append(e.id(), e.type(), new Encoded(e.codec(), stored, stored.length, e.rawLength()));
            if (w.size() >= roll || w.objectCount() >= maxObjects) {
              sealed.add(w.seal());
              w = null;
            }
          }
        }
      }
      if (w != null) sealed.add(w.seal());
      w = null;
    } finally {
      if (w != null) w.close(); // a failed copy leaves no temporary file
    }
  }

  List<SealedPack> sealed() {
    return List.copyOf(sealed);
  }
}
