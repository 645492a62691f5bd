package io.datafs.core.cache;

import io.datafs.core.config.CacheConfig;
import io.datafs.core.error.DamagedCopyException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.PackFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Copies of remote chunks on local disk ({@code $DATAFS_HOME/cache}): {@code chunks/<aa>/<id>} holds a chunk's raw
 * bytes. Keyed by content, so every version and every mount shares one copy. At most {@code cache.maxBytes} are kept,
 * and at least {@code cache.minFreeBytes} are left free on the disk: the least recently used go first (the order
 * survives a restart by modification time, as of the last write); when even an empty cache would leave less free, a
 * chunk is not kept (its reader has the bytes in memory). A chunk is written to {@code tmp/} and renamed into place.
 *
 * <p>Nothing is handed out unchecked: {@link #get} checks the bytes against the chunk's id every time; {@link #file}
 * hands out the file itself, so that a mount reads it in place, checked at every call against the CRC32C its bytes
 * had when this process checked them against the id (as it wrote them, or at the first use of a file found on disk),
 * but the first call after this process wrote it, which hands out the bytes it has just checked.
 * A damaged copy is deleted and counts as a miss. Pinned chunks ({@link #pin}) are never evicted. Thread-safe.
 *
 * <p>In a directory the users of a node share ({@code cache.dir}; {@link CacheFiles}), a file another user can write
 * is only as good as its last hash: {@link #file} hands out nothing there, so every use is a {@link #get}, which
 * hashes the bytes it returns; a chunk another process cached since this one started is taken in when asked for.
 */
public final class ChunkDiskCache {
  private static final System.Logger LOG = System.getLogger("datafs.cache");
  private static final int CHECK_BUFFER = 256 << 10;

  private final CacheFiles files;
  private final Path chunks;
  private final long maxBytes;
  private final LinkedHashMap<ObjectId, CachedChunk> lru = new LinkedHashMap<>(1024, 0.75f, true); // guarded by itself
  private long bytes; // guarded by lru
  private final DiskFloor floor; // guarded by lru
  private boolean belowFloor; // guarded by lru: the last write was refused for the floor (logged once)
  private Set<ObjectId> pinned = Set.of(); // guarded by lru: never evicted (datafs cache pin)
  private long evictions; // guarded by lru
  private final ThreadLocal<ByteBuffer> checkBuffers =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHECK_BUFFER));

  /**
   * A cache under {@code config}'s {@code cache.dir}, else under {@code homeCache}, bounded as {@code config} says on
   * the disk it is on.
   */
  public ChunkDiskCache(Path homeCache, CacheConfig config) {
    this(homeCache, config, null);
  }

  /** With the free space of its disk as {@code usableBytes} says, for tests that fill a disk; null: the real one. */
  ChunkDiskCache(Path homeCache, CacheConfig config, LongSupplier usableBytes) {
    Path dir = config.dir().orElse(homeCache);
    this.files = new CacheFiles(dir, config.dir().isPresent());
    this.chunks = files.chunks();
    try {
      var store = Files.getFileStore(chunks);
      this.maxBytes = config.maxBytes(store.getTotalSpace());
      this.floor = new DiskFloor(usableBytes != null ? usableBytes : DiskFloor.usableSpaceOf(store),
          config.minFreeBytes(store.getTotalSpace()));
    } catch (IOException e) {
      throw new StoreIoException("creating the chunk cache in " + dir, e);
    }
    load();
  }

  /** The chunk's bytes, checked against its id, or null when it is not cached (or its copy was damaged). */
  public byte[] get(ObjectId id) {
    CachedChunk held;
    synchronized (lru) {
      held = lru.get(id); // also marks it used
    }
    if (held == null && adopt(id)) {
      synchronized (lru) {
        held = lru.get(id);
      }
    }
    if (held == null) return null;
    try {
      return readChecked(id, held);
    } catch (DamagedCopyException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage() + ": dropped, fetching it again");
      return null;
    }
  }

  /**
   * The file holding the chunk, checked just now, or null when it is not cached, or when the cache is shared (then
   * {@link #get} it). The first use in this process of a file it did not write hashes it; the first use of one it
   * wrote is that of the bytes it just checked; every later use takes its CRC32C. The file may be evicted once
   * returned: an open that finds it gone is a miss.
   *
   * @throws DamagedCopyException naming the file when it failed the check: it was deleted, and the chunk is no longer
   *     cached
   */
  public Path file(ObjectId id) {
    // in a shared directory another user may rewrite a file between its check and its read: get() hands out the
    // very bytes it hashed instead
    if (files.shared()) return null;
    CachedChunk held;
    synchronized (lru) {
      held = lru.get(id); // also marks it used
    }
    if (held == null) return null;
    if (!held.checked) return readChecked(id, held) == null ? null : path(id);
    if (held.fresh) {
      // its first use right after this process wrote it from bytes it checked (a cold read): reading it back to check
      // it again would cost a pass over every byte fetched; every later use checks
      held.fresh = false;
      return path(id);
    }
    Path f = path(id);
    boolean intact;
    try {
      intact = held.matches(f, checkBuffers.get());
    } catch (NoSuchFileException e) {
      forget(id); // deleted behind our back
      return null;
    } catch (IOException e) {
      throw new StoreIoException("reading cached chunk " + f, e);
    }
    if (!intact) throw dropDamaged(id, f, "does not match the CRC32C it was cached with");
    return f;
  }

  /** Reads a cached chunk and checks it against its id; null when its file is gone. */
  private byte[] readChecked(ObjectId id, CachedChunk held) {
    Path f = path(id);
    byte[] b;
    try {
      b = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      forget(id);
      return null;
    } catch (IOException e) {
      throw new StoreIoException("reading cached chunk " + f, e);
    }
    if (!ObjectId.hash(b).equals(id)) throw dropDamaged(id, f, "does not hash to its id");
    if (!held.checked) {
      held.crc32c = PackFormat.crc32c(b, 0, b.length);
      held.checked = true;
    }
    return b;
  }

  private DamagedCopyException dropDamaged(ObjectId id, Path f, String how) {
    forget(id);
    delete(f);
    return new DamagedCopyException(id, "cache file " + f + " of chunk " + id + " is damaged (it " + how + ")");
  }

  /** Whether the chunk is cached, without reading it or counting a use. */
  public boolean contains(ObjectId id) {
    synchronized (lru) {
      if (lru.containsKey(id)) return true;
    }
    return adopt(id);
  }

  /**
   * In a shared cache: takes in the chunk's file when another process wrote it since this one started, unchecked
   * ({@link #get} hashes every use there). Returns whether it is held now.
   */
  private boolean adopt(ObjectId id) {
    if (!files.shared()) return false;
    long size = files.sizeOnDisk(id);
    if (size < 0) return false;
    synchronized (lru) {
      if (!lru.containsKey(id)) {
        lru.put(id, new CachedChunk(size));
        bytes += size;
      }
    }
    return true;
  }

  /** Keeps a chunk whose bytes the caller checked; see {@link #put(ObjectId, byte[], int, int)}. */
  public boolean put(ObjectId id, byte[] raw) {
    return put(id, raw, 0, raw.length);
  }

  /**
   * Keeps a chunk whose bytes, {@code raw[off, off+len)}, the caller checked; first evicts the least recently used as
   * the bound and the disk's free-space floor require. Returns whether the chunk is cached now: not when it is larger
   * than the whole cache, when even evicting everything would leave less than the floor free (logged when it begins),
   * or when the cache's disk refused it (logged); the caller still has the bytes.
   */
  public boolean put(ObjectId id, byte[] raw, int off, int len) {
    if (len > maxBytes) return false;
    long need = DiskFloor.onDisk(len);
    List<ObjectId> evicted = new ArrayList<>();
    boolean room;
    synchronized (lru) {
      if (lru.containsKey(id)) return true;
      // pinned chunks are never evicted, so the bound may stay out of reach
      room = evict(need - floor.spare(), maxBytes - len, null, evicted) && bytes <= maxBytes - len;
      if (room) floor.reserve(need);
      noteFloor(room);
    }
    for (ObjectId e : evicted) delete(path(e));
    if (!room) return false;
    // of bytes that hashed to the id: what every later use of the file is checked by
    int crc = PackFormat.crc32c(raw, off, len);
    boolean written = false;
    try {
      written = files.write(id, raw, off, len);
    } finally {
      synchronized (lru) {
        floor.release(need);
        if (written) {
          CachedChunk old = lru.put(id, new CachedChunk(len, crc));
          bytes += len - (old == null ? 0 : old.size);
          evicted.clear();
          evict(0, maxBytes, id, evicted); // puts under way at once may together pass the bound
        }
      }
    }
    for (ObjectId e : evicted) delete(path(e));
    return written;
  }

  /**
   * Under the lock: drops the least recently used (but {@code keep} and the pinned) until {@code diskBytes} of disk
   * space are freed and at most {@code maxBytesHeld} bytes are held, adding them to {@code evicted} for the caller to
   * delete. Returns
   * whether the disk space was reached: when the disk is short of its floor by more than the whole cache, the cache
   * gives back all it holds and still has no room.
   */
  private boolean evict(long diskBytes, long maxBytesHeld, ObjectId keep, List<ObjectId> evicted) {
    Iterator<Map.Entry<ObjectId, CachedChunk>> it = lru.entrySet().iterator();
    while ((diskBytes > 0 || bytes > maxBytesHeld) && it.hasNext()) {
      Map.Entry<ObjectId, CachedChunk> e = it.next();
      if (e.getKey().equals(keep) || pinned.contains(e.getKey())) continue;
      diskBytes -= DiskFloor.onDisk(e.getValue().size);
      bytes -= e.getValue().size;
      evicted.add(e.getKey());
      evictions++;
      it.remove();
    }
    return diskBytes <= 0;
  }

  /** Under the lock: logs when the cache stops keeping chunks for the floor's sake, and when it starts again. */
  private void noteFloor(boolean room) {
    if (room == !belowFloor) return;
    belowFloor = !room;
    if (belowFloor) {
      LOG.log(System.Logger.Level.WARNING, "the chunk cache " + chunks + " stops keeping chunks: its disk has less"
          + " than " + floor.floor() + " bytes (cache.minFreeBytes) free even without them; remote chunks are read"
          + " into memory");
    } else {
      LOG.log(System.Logger.Level.INFO, "the chunk cache " + chunks
          + " keeps chunks again: its disk has room above its floor");
    }
  }

  /**
   * Keeps these chunks out of eviction from now on (cached now or later), replacing the set pinned before; they count
   * against the bound like any other.
   */
  public void pin(Set<ObjectId> ids) {
    synchronized (lru) {
      pinned = Set.copyOf(ids);
    }
  }

  /**
   * Evicts the least recently used chunks, but the pinned, until at most {@code toBytes} are held; returns the bytes
   * freed. A reader holding an evicted file open keeps reading it; one that looks it up again fetches it anew.
   */
  public long prune(long toBytes) {
    List<ObjectId> evicted = new ArrayList<>();
    long freed;
    synchronized (lru) {
      long before = bytes;
      evict(0, toBytes, null, evicted);
      freed = before - bytes;
    }
    for (ObjectId e : evicted) delete(path(e));
    return freed;
  }

  /** Bytes held of those of {@code ids} that are cached; not counted as a use. */
  public long bytesOf(Set<ObjectId> ids) {
    synchronized (lru) {
      long sum = 0;
      for (Map.Entry<ObjectId, CachedChunk> e : lru.entrySet()) { // get() would count as a use
        if (ids.contains(e.getKey())) sum += e.getValue().size;
      }
      return sum;
    }
  }

  /** Bytes held of pinned chunks. */
  public long pinnedBytes() {
    synchronized (lru) {
      return bytesOf(pinned);
    }
  }

  /** The bound, in bytes ({@code cache.maxBytes} on this disk). */
  public long maxBytes() {
    return maxBytes;
  }

  /** The directory the chunks are in. */
  public Path directory() {
    return chunks;
  }

  /**
   * Bytes the cache could hold now: its bound, or less when its disk has less room above the floor. Prefetching more
   * than this would evict what it fetched before it is read.
   */
  public long capacity() {
    synchronized (lru) {
      return Math.min(maxBytes, bytes + Math.max(0, floor.spare()));
    }
  }

  /** Chunks dropped to keep the bound or the disk's floor, or by prune and clear, since this cache opened. */
  public long evictions() {
    synchronized (lru) {
      return evictions;
    }
  }

  /** Bytes of chunks held. */
  public long size() {
    synchronized (lru) {
      return bytes;
    }
  }

  public int count() {
    synchronized (lru) {
      return lru.size();
    }
  }

  private Path path(ObjectId id) {
    return files.path(id);
  }

  private void forget(ObjectId id) {
    synchronized (lru) {
      CachedChunk held = lru.remove(id);
      if (held != null) bytes -= held.size;
    }
  }

  /**
   * Learns what an earlier run cached, oldest first. Leftovers of interrupted writes are removed: temp files of the
   * cache's own naming whose process is gone (anything else in {@code tmp/} is not ours to delete).
   */
  private void load() {
    record Found(ObjectId id, long size, long mtime, Path file) {}
    List<Found> found = new ArrayList<>();
    try (Stream<Path> s = Files.walk(chunks, 2)) {
      for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        try {
          found.add(new Found(ObjectId.fromHex(f.getFileName().toString()), Files.size(f),
              Files.getLastModifiedTime(f).toMillis(), f));
        } catch (IllegalArgumentException stray) {
          delete(f);
        }
      }
    } catch (IOException e) {
      throw new StoreIoException("reading the chunk cache " + chunks, e);
    }
    found.sort(Comparator.comparingLong(Found::mtime));
    for (Found f : found) {
      lru.put(f.id(), new CachedChunk(f.size()));
      bytes += f.size();
    }
    files.clearLeftovers();
    // A smaller bound than last time: trim now rather than at the first write.
    List<ObjectId> evicted = new ArrayList<>();
    evict(0, maxBytes, null, evicted);
    for (ObjectId e : evicted) delete(path(e));
  }

  private static void delete(Path f) {
    CacheFiles.delete(f);
  }
}
