package io.datafs.core.sync;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackFormat;
import io.datafs.core.pack.PackIndex;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.Packs;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The packs of a remote that this store does not know yet, learnt from their indexes ({@code index/<pack-id>}): which
 * pack holds an object, and where in it. An index is checked to hash to its pack's id (a pack is named by its index)
 * before a byte of it is believed, and no object it lists may be larger than {@link RemoteLimits} allows. Fetched
 * indexes are kept in {@code cacheDir} (immutable, so never stale; checked again when read back), so listing a remote
 * twice fetches them once; a pack this store also holds (it pushed or pulled it) gives its index from its own file.
 */
final class RemotePacks {
  private final Map<ObjectId, List<PackEntry>> packs;
  private final Map<ObjectId, ObjectLocation> owners = new HashMap<>();

  private RemotePacks(Map<ObjectId, List<PackEntry>> packs) {
    this.packs = packs;
    packs.forEach((pack, entries) -> entries.forEach(e -> owners.putIfAbsent(e.id(), new ObjectLocation(pack, e))));
  }

  /** Reads the indexes of the remote's packs for which {@code known} is false. */
  static RemotePacks load(Remote remote, Predicate<ObjectId> known, Path cacheDir) {
    return load(remote, known, cacheDir, null);
  }

  /**
   * Reads the indexes of the remote's packs for which {@code known} is false, taking each from {@code cacheDir}, else
   * from this store's own copy of the pack in {@code packsDir} (when not null), else from the remote (then kept).
   */
  static RemotePacks load(Remote remote, Predicate<ObjectId> known, Path cacheDir, Path packsDir) {
    List<ObjectId> wanted = new ArrayList<>();
    for (RemoteKey k : remote.list(RemoteLayout.INDEXES)) {
      ObjectId pack;
      try {
        pack = RemoteLayout.parseIndex(k);
      } catch (RuntimeException e) {
        throw new CorruptObjectException(null, "remote " + remote.url() + " is damaged: " + e.getMessage());
      }
      if (!known.test(pack)) wanted.add(pack);
    }
    Map<ObjectId, List<PackEntry>> out = new ConcurrentHashMap<>();
    List<Parallel.Task> tasks = new ArrayList<>();
    for (ObjectId pack : wanted) {
      tasks.add(() -> {
        List<PackEntry> entries = PackIndex.decode(index(remote, pack, cacheDir, packsDir));
        RemoteLimits.checkEntries(remote, pack, entries); // before any object of the pack is read
        out.put(pack, entries);
      });
    }
    Parallel.run("datafs-index", tasks);
    return new RemotePacks(out);
  }

  /** The remote pack holding an object, or null when none of these does. */
  ObjectId packOf(ObjectId object) {
    ObjectLocation at = owners.get(object);
    return at == null ? null : at.packId();
  }

  /** Where an object is in the remote's packs (its pack, offset and stored length), or null when in none of these. */
  ObjectLocation locate(ObjectId object) {
    return owners.get(object);
  }

  List<PackEntry> entries(ObjectId pack) {
    return packs.get(pack);
  }

  /** Chunks go to data packs, pages and chunk lists to metadata packs; never mixed. */
  static PackKind kind(List<PackEntry> entries) {
    return entries.isEmpty() || entries.get(0).type() == ObjectType.CHUNK ? PackKind.DATA : PackKind.METADATA;
  }

  /** The size of a pack file with these entries: its records end where its index begins. */
  static long size(List<PackEntry> entries) {
    long recordsEnd = PackFormat.HEADER_LENGTH;
    for (PackEntry e : entries) recordsEnd = Math.max(recordsEnd, e.offset() + e.storedLength());
    return recordsEnd + 4 + (long) entries.size() * PackIndex.ENTRY_LENGTH + PackFormat.FOOTER_LENGTH;
  }

  /** A pack's index from the cache, this store's packs or the remote, checked against the pack's id every way. */
  private static byte[] index(Remote remote, ObjectId pack, Path cacheDir, Path packsDir) throws IOException {
    Path cached = cacheDir == null ? null : cacheDir.resolve(pack.hex());
    if (cached != null) {
      try {
        byte[] b = Files.readAllBytes(cached);
        if (ObjectId.hash(b).equals(pack)) return b;
        Files.deleteIfExists(cached); // damaged: fetch it again
      } catch (NoSuchFileException e) {
        // not fetched before
      }
    }
    byte[] own = packsDir == null ? null : ownCopy(Packs.path(packsDir, pack));
    if (own != null && ObjectId.hash(own).equals(pack)) return own;
    byte[] b = RemoteLimits.read(remote, RemoteLayout.index(pack), RemoteLimits.PACK_INDEX, "a pack index");
    if (!ObjectId.hash(b).equals(pack)) {
      throw new CorruptObjectException(pack, "remote " + remote.url() + ": the index of pack " + pack.shortHex(12)
          + " does not hash to its name");
    }
    if (cached != null) keep(cached, b);
    return b;
  }

  /** The index of this store's copy of a pack, or null when it has none that opens (a GC may be deleting it). */
  private static byte[] ownCopy(Path file) {
    if (!Files.isRegularFile(file)) return null;
    try (PackReader r = PackReader.open(file)) {
      return PackIndex.encode(r.entries());
    } catch (DatafsException gone) {
      return null;
    }
  }

  private static void keep(Path cached, byte[] b) {
    try {
      Files.createDirectories(cached.getParent());
      Path tmp = Files.createTempFile(cached.getParent(), StoreLayout.TEMPORARY_PREFIX, ".idx");
      Files.write(tmp, b);
      Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreIoException("caching a pack index in " + cached.getParent(), e);
    }
  }
}
