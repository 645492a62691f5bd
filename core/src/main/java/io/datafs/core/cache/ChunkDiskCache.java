package io.datafs.core.cache;

import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Copies of remote chunks on local disk ({@code $DATAFS_HOME/cache}): {@code chunks/<aa>/<id>} holds a chunk's raw
 * bytes. Keyed by content, so every version and every mount shares one copy. At most {@code maxBytes} are kept; the
 * least recently used go first (the order survives a restart by modification time, as of the last write). A chunk is
 * written to {@code tmp/} and renamed into place, and read back only if it hashes to its id: a damaged or
 * half-written file is deleted and counts as a miss. Thread-safe.
 */
public final class ChunkDiskCache {
  private static final System.Logger LOG = System.getLogger("datafs.cache");

  private final Path chunks;
  private final Path tmp;
  private final long maxBytes;
  private final LinkedHashMap<ObjectId, Long> lru = new LinkedHashMap<>(1024, 0.75f, true); // guarded by itself
  private long bytes; // guarded by lru
  private static final long PID = ProcessHandle.current().pid(); // another process may share the cache
  private final AtomicLong tempNames = new AtomicLong();
  private final Set<String> shards = ConcurrentHashMap.newKeySet(); // chunks/<aa> directories known to exist

  public ChunkDiskCache(Path dir, long maxBytes) {
    this.chunks = dir.resolve("chunks");
    this.tmp = dir.resolve("tmp");
    this.maxBytes = maxBytes;
    try {
      Files.createDirectories(chunks);
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new StoreIoException("creating the chunk cache in " + dir, e);
    }
    load();
  }

  /** The chunk's bytes, checked against its id, or null when it is not cached (or its copy was damaged). */
  public byte[] get(ObjectId id) {
    synchronized (lru) {
      if (lru.get(id) == null) return null; // also marks it used
    }
    Path f = file(id);
    byte[] b;
    try {
      b = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      forget(id);
      return null;
    } catch (IOException e) {
      throw new StoreIoException("reading cached chunk " + f, e);
    }
    if (ObjectId.hash(b).equals(id)) return b;
    LOG.log(System.Logger.Level.WARNING, "cached chunk " + id + " is damaged: dropped, fetching it again");
    forget(id);
    delete(f);
    return null;
  }

  /** Whether the chunk is cached, without reading it or counting a use. */
  public boolean contains(ObjectId id) {
    synchronized (lru) {
      return lru.containsKey(id);
    }
  }

  /** Keeps a chunk whose bytes the caller checked; evicts the least recently used beyond the bound. */
  public void put(ObjectId id, byte[] raw) {
    if (raw.length > maxBytes) return;
    synchronized (lru) {
      if (lru.containsKey(id)) return;
    }
    Path f = file(id);
    // A name of our own (no SecureRandom), one open, and the shard directory made once: a prefetch writes
    // thousands of small chunks a second through here.
    Path t = tmp.resolve(id.hex() + "-" + PID + "-" + tempNames.incrementAndGet() + ".tmp");
    try {
      try {
        try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer b = ByteBuffer.wrap(raw);
          while (b.hasRemaining()) ch.write(b);
        }
        if (shards.add(f.getParent().getFileName().toString())) Files.createDirectories(f.getParent());
        Files.move(t, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        Files.deleteIfExists(t);
        throw e;
      }
    } catch (IOException e) {
      // A full or failing cache disk must not fail the read that fetched the chunk: it is only not kept.
      LOG.log(System.Logger.Level.WARNING, "cannot cache chunk " + id + " in " + chunks + ": " + e);
      return;
    }
    List<ObjectId> evicted = new ArrayList<>();
    synchronized (lru) {
      Long old = lru.put(id, (long) raw.length);
      bytes += raw.length - (old == null ? 0 : old);
      Iterator<Map.Entry<ObjectId, Long>> it = lru.entrySet().iterator();
      while (bytes > maxBytes && it.hasNext()) {
        Map.Entry<ObjectId, Long> e = it.next();
        if (e.getKey().equals(id)) continue;
        bytes -= e.getValue();
        evicted.add(e.getKey());
        it.remove();
      }
    }
    for (ObjectId e : evicted) delete(file(e));
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

  public long maxBytes() {
    return maxBytes;
  }

  private Path file(ObjectId id) {
    String hex = id.hex();
    return chunks.resolve(hex.substring(0, 2)).resolve(hex);
  }

  private void forget(ObjectId id) {
    synchronized (lru) {
      Long size = lru.remove(id);
      if (size != null) bytes -= size;
    }
  }

  /** Learns what an earlier run cached, oldest first; leftovers of interrupted writes are removed. */
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
      lru.put(f.id(), f.size());
      bytes += f.size();
    }
    try (Stream<Path> s = Files.list(tmp)) {
      s.forEach(ChunkDiskCache::delete);
    } catch (IOException e) {
      throw new StoreIoException("reading the chunk cache " + tmp, e);
    }
    // A smaller bound than last time: trim now rather than at the first write.
    Iterator<Map.Entry<ObjectId, Long>> it = lru.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<ObjectId, Long> e = it.next();
      bytes -= e.getValue();
      delete(file(e.getKey()));
      it.remove();
    }
  }

  private static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + f + ": " + e);
    }
  }
}
