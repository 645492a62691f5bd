package io.datafs.core.gc;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.Packs;
import io.datafs.core.store.PackRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sweep a GC would make, decided before anything changes (what {@code --dry-run} prints): each local pack kept,
 * repacked or deleted ({@link PackFate}), and the orphans, pack files no row names (left by a killed import or GC).
 * Packs whose bytes stay on a remote are not this store's to sweep.
 */
public record SweepPlan(List<PackFate> packs, List<Orphan> orphans) {
  /** A pack file in {@code packs/} that the index does not name. */
  public record Orphan(ObjectId pack, Path file, long bytes) {}

  /**
   * @throws CorruptObjectException naming the pack, when a pack the index names is missing or damaged: the store
   *     needs {@code datafs verify} before a GC
   */
  public static SweepPlan of(Path packsDir, KvStore kv, LiveObjects live) {
    List<ObjectId> indexed = new ArrayList<>();
    kv.scan(Table.PACKS, new byte[0], (key, value) -> {
      if (PackRow.decode(value).isLocal()) indexed.add(ObjectId.of(key));
      return true;
    });
    Set<ObjectId> keptMetadata = new HashSet<>();
    List<PackFate> fates = new ArrayList<>();
    for (ObjectId id : indexed) {
      try (PackReader r = PackReader.open(Packs.path(packsDir, id))) {
        fates.add(fate(r, kv, live, keptMetadata));
      } catch (DatafsException e) {
        throw new CorruptObjectException(null, "gc deleted nothing: pack " + id.hex() + " is missing or damaged ("
            + e.getMessage() + "); run datafs verify");
      }
    }
    return new SweepPlan(List.copyOf(fates), orphans(packsDir, kv));
  }

  private static PackFate fate(PackReader r, KvStore kv, LiveObjects live, Set<ObjectId> keptMetadata) {
    List<PackEntry> kept = new ArrayList<>();
    List<ObjectId> forgottenChunks = new ArrayList<>();
    List<ObjectId> forgottenPages = new ArrayList<>();
    int dead = 0;
    long deadBytes = 0;
    for (PackEntry e : r.entries()) {
      boolean keep;
      if (r.kind() == PackKind.DATA) {
        // the copy the OBJECTS row names is the one reads use; any other copy is dead even when the chunk is live
        boolean rowHere = rowNames(kv, e.id(), r.packId());
        keep = rowHere && live.isLiveChunk(e.id());
        if (rowHere && !keep) forgottenChunks.add(e.id());
      } else {
        // METADATA rows hold the bytes themselves: keep one copy in some pack, for verify --repair to rebuild from
        keep = live.isLiveMetadata(e.id()) && keptMetadata.add(e.id());
        if (!live.isLiveMetadata(e.id())) forgottenPages.add(e.id());
      }
      if (keep) {
        kept.add(e);
      } else {
        dead++;
        deadBytes += e.storedLength();
      }
    }
    long liveBytes = kept.stream().mapToLong(PackEntry::storedLength).sum();
    List<PackEntry> toCopy = List.of();
    if (dead > 0 && !kept.isEmpty()) {
      kept.sort(Comparator.comparingLong(PackEntry::offset));
      toCopy = List.copyOf(kept);
    }
    return new PackFate(r.packId(), r.kind(), r.size(), kept.size(), liveBytes, toCopy, dead, deadBytes,
        forgottenChunks, forgottenPages);
  }

  private static boolean rowNames(KvStore kv, ObjectId chunk, ObjectId pack) {
    byte[] v = kv.get(Table.OBJECTS, chunk.toBytes());
    return v != null && ObjectLocation.decode(chunk, v).packId().equals(pack);
  }

  private static List<Orphan> orphans(Path packsDir, KvStore kv) {
    List<Orphan> found = new ArrayList<>();
    try (Stream<Path> s = Files.walk(packsDir, 2)) {
      for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
        if (f.getParent().equals(Packs.tmpDir(packsDir))) continue;
        ObjectId id;
        try {
          id = ObjectId.fromHex(f.getFileName().toString());
        } catch (IllegalArgumentException notAPack) {
          continue; // verify reports stray files; GC deletes only what it can name as a pack
        }
        if (kv.get(Table.PACKS, id.toBytes()) == null) found.add(new Orphan(id, f, Files.size(f)));
      }
    } catch (IOException e) {
      throw new StoreIoException("listing " + packsDir, e);
    }
    return List.copyOf(found);
  }

  public long count(PackFate.Action action) {
    return packs.stream().filter(p -> p.action() == action).count();
  }

  /** Stored bytes of the dead objects of one kind of pack. */
  public long deadBytes(PackKind kind) {
    return packs.stream().filter(p -> p.kind() == kind).mapToLong(PackFate::deadBytes).sum();
  }

  public long deadObjects(PackKind kind) {
    return packs.stream().filter(p -> p.kind() == kind).mapToLong(PackFate::deadObjects).sum();
  }

  /** Stored bytes a repack copies. */
  public long bytesToCopy() {
    return packs.stream().filter(p -> p.action() == PackFate.Action.REPACK).mapToLong(PackFate::liveBytes).sum();
  }

  public long orphanBytes() {
    return orphans.stream().mapToLong(Orphan::bytes).sum();
  }
}
