package io.datafs.core.store;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.StoreIoException;
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
import io.datafs.core.remote.RemoteRef;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chunks in data packs, found through the OBJECTS table. Every read is verified by {@link PackReader}, against the
 * chunk id or (a mapped view of a local pack) its CRC32C; bytes that fail are never returned. Owns the open pack
 * readers.
 *
 * <p>A pack's objects may be indexed here while its bytes stay on a remote (its {@link PackRow} names the remote):
 * reads of those go to the {@link ChunkSource}, which fetches and verifies them. This is the one place where the
 * read path of a lazy mount, of {@code cat} and of {@code export} turns remote.
 */
public final class LocalObjects implements AutoCloseable {
  private final Path packsDir;
  private final KvStore kv;
  private final ConcurrentHashMap<ObjectId, PackReader> readers = new ConcurrentHashMap<>();
  /** Packs known to be remote-only, with their remote; a pack pulled later is dropped by {@link #forget}. */
  private final ConcurrentHashMap<ObjectId, RemoteRef> remoteOnly = new ConcurrentHashMap<>();
  /** Packs known to be here: a local pack never becomes remote-only. */
  private final Set<ObjectId> local = ConcurrentHashMap.newKeySet();
  private volatile ChunkSource remote = ChunkSource.NONE;

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

  /** The chunk's raw bytes, verified: from a local pack, else from the remote that holds its pack. */
  public byte[] read(ObjectId id) {
    return read(id, true);
  }

  /**
   * As {@link #read}, but a chunk fetched from a remote is not kept in the chunk cache (see
   * {@link ChunkSource#readWithoutKeeping}): for a pass over everything, which would otherwise fill the cache's disk.
   */
  public byte[] readWithoutCaching(ObjectId id) {
    return read(id, false);
  }

  private byte[] read(ObjectId id, boolean cacheRemote) {
    ObjectLocation loc = locate(id);
    try {
      return read(loc, cacheRemote);
    } catch (StoreIoException e) {
      ObjectLocation moved = movedFrom(loc, e);
      return read(moved, cacheRemote);
    }
  }

  /**
   * Where the object of {@code loc} is now, when a GC moved it to another pack between its look-up and its read (its
   * old pack deleted, or its reader closed); else {@code failure} is rethrown: the read failed for good.
   */
  private ObjectLocation movedFrom(ObjectLocation loc, StoreIoException failure) {
    ObjectLocation now = locate(loc.entry().id());
    if (now.packId().equals(loc.packId())) throw failure;
    return now;
  }

  private byte[] read(ObjectLocation loc, boolean cacheRemote) {
    PackReader local = readers.get(loc.packId());
    if (local != null) return local.read(loc.entry());
    RemoteRef where = remoteOf(loc.packId());
    if (where != null) return cacheRemote ? remote.read(loc, where) : remote.readWithoutKeeping(loc, where);
    return reader(loc.packId()).read(loc.entry());
  }

  /**
   * A stored-as-is chunk of a local pack as a read-only view of the mapped pack, checked against its CRC32C at this
   * call (see {@link PackReader#rawView}); null for a compressed chunk or one whose pack is on a remote: {@link #read}
   * those.
   */
  public ByteBuffer rawView(ObjectId id) {
    ObjectLocation loc = locate(id);
    try {
      return rawView(loc);
    } catch (StoreIoException e) {
      return rawView(movedFrom(loc, e));
    }
  }

  private ByteBuffer rawView(ObjectLocation loc) {
    PackReader local = readers.get(loc.packId());
    if (local == null && remoteOf(loc.packId()) != null) return null;
    return (local != null ? local : reader(loc.packId())).rawView(loc.entry());
  }

  /**
   * A chunk of a remote pack as a file of the chunk cache checked just now (see {@link ChunkSource#cachedFile}),
   * fetched first if need be; null for a chunk of a local pack, or one the cache does not hold as a file:
   * {@link #read} those.
   *
   * @throws io.datafs.core.error.DamagedCopyException when the cached file failed its check: asking again fetches it
   */
  public Path cachedFile(ObjectId id) {
    ObjectLocation loc = locate(id);
    if (readers.containsKey(loc.packId())) return null;
    RemoteRef where = remoteOf(loc.packId());
    return where == null ? null : remote.cachedFile(loc, where);
  }

  /** Starts fetching those of the chunks whose packs are on a remote, ahead of their reads; local ones need nothing. */
  public void prefetch(Collection<ObjectId> ids) {
    remoteLocations(ids).forEach((where, locs) -> remote.prefetch(locs, where));
  }

  /** Fetches those of the chunks whose packs are on a remote into the cache, and returns once they are there. */
  public void warm(Collection<ObjectId> ids) {
    remoteLocations(ids).forEach((where, locs) -> remote.warm(locs, where));
  }

  /** As {@link #warm}, for a batch of a read plan (see {@link ChunkSource#follow}). */
  public void follow(Collection<ObjectId> ids) {
    remoteLocations(ids).forEach((where, locs) -> remote.follow(locs, where));
  }

  /** How many bytes of remote chunks a prefetch or warm-up may ask for at once. */
  public long prefetchBudget() {
    return remote.prefetchBudget();
  }

  /** Where those of the chunks whose packs stay on a remote are, by remote, in the order given (local ones: not). */
  public Map<RemoteRef, List<ObjectLocation>> remoteLocations(Collection<ObjectId> ids) {
    Map<RemoteRef, List<ObjectLocation>> byRemote = new HashMap<>();
    for (ObjectId id : ids) {
      byte[] v = kv.get(Table.OBJECTS, id.toBytes());
      if (v == null) continue; // its read reports it missing
      ObjectLocation loc = ObjectLocation.decode(id, v);
      if (readers.containsKey(loc.packId())) continue;
      RemoteRef where = remoteOf(loc.packId());
      if (where != null) byRemote.computeIfAbsent(where, r -> new ArrayList<>()).add(loc);
    }
    return byRemote;
  }

  public boolean hasRemotePacks() {
    boolean[] found = {false};
    kv.scan(Table.PACKS, new byte[0], (key, value) -> {
      found[0] = !PackRow.decode(value).isLocal();
      return !found[0];
    });
    return found[0];
  }

  /** Whether a chunk's pack is on a remote, not here. */
  public boolean isRemote(ObjectId id) {
    byte[] v = kv.get(Table.OBJECTS, id.toBytes());
    return v != null && remoteOf(ObjectLocation.decode(id, v).packId()) != null;
  }

  /** Where remote-only chunks come from; {@link ChunkSource#NONE} until the owner sets one. */
  public void setChunkSource(ChunkSource source) {
    this.remote = source;
  }

  /** The PACKS row of a pack, or null when the store does not know it. */
  public PackRow pack(ObjectId packId) {
    byte[] v = kv.get(Table.PACKS, packId.toBytes());
    return v == null ? null : PackRow.decode(v);
  }

  /** The remote holding a pack whose bytes are not here, or null for a local (or unknown) pack. */
  public RemoteRef remoteOf(ObjectId packId) {
    RemoteRef known = remoteOnly.get(packId);
    if (known != null || local.contains(packId)) return known;
    PackRow row = pack(packId);
    if (row == null) return null;
    if (row.isLocal()) {
      local.add(packId);
      return null;
    }
    remoteOnly.put(packId, row.remote());
    return row.remote();
  }

  /** Forgets what is remembered of a pack, after its row changed (pulled into {@code packs/}). */
  public void forget(ObjectId packId) {
    remoteOnly.remove(packId);
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
    batch.put(Table.PACKS, pack.id().toBytes(),
        new PackRow(pack.kind(), pack.size(), pack.entries().size(), null).encode());
  }

  /**
   * Closes the readers of packs a GC deleted (their rows are gone): a read under way on one fails and looks its
   * object up again ({@link #movedFrom}); views already handed out stay valid, as a mapping outlives its file.
   */
  public void retire(Collection<ObjectId> packIds) {
    for (ObjectId p : packIds) {
      evict(p);
      local.remove(p);
    }
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
