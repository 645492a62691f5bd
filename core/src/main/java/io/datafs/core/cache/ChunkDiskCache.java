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
 * half-written file is deleted and counts as a miss. {@link #get} checks every time; {@link #file} hands out the
 * file itself, checked once by this process (when it wrote it, or at the first use of a file found on disk), so that
 * a mount reads it in place. Thread-safe.
 */
public final class ChunkDiskCache {
  private static final System.Logger LOG = System.getLogger("datafs.cache");

  private final Path chunks;
  private final Path tmp;
  private final long maxBytes;
  private final LinkedHashMap<ObjectId, Held> lru = new LinkedHashMap<>(1024, 0.75f, true); // guarded by itself
  private long bytes; // guarded by lru
  private static final long PID = ProcessHandle.current().pid(); // another process may share the cache
  private final AtomicLong tempNames = new AtomicLong();
  private final Set<String> shards = ConcurrentHashMap.newKeySet(); // chunks/<aa> directories known to exist

  /** A cached chunk: its size, and whether this process checked its file against its id. */
  private static final class Held {
    final long size;
    volatile boolean checked;

    Held(long size, boolean checked) {
      this.size = size;
      this.checked = checked;
    }
  }

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
    Held held;
    synchronized (lru) {
      held = lru.get(id); // also marks it used
    }
    return held == null ? null : readChecked(id, held);
  }

  /**
   * The file holding the chunk, or null when it is not cached (or its copy was damaged). The first use in this
   * process of a file it did not write reads and checks it. The file may be evicted once returned: an open that
   * finds it gone is a miss.
   */
  public Path file(ObjectId id) {
    Held held;
    synchronized (lru) {
      held = lru.get(id); // also marks it used
    }
    if (held == null) return null;
    if (!held.checked) return readChecked(id, held) == null ? null : path(id);
    Path f = path(id);
    if (Files.isRegularFile(f)) return f;
    forget(id); // deleted behind our back
    return null;
  }

  private byte[] readChecked(ObjectId id, Held held) {
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
    if (ObjectId.hash(b).equals(id)) {
      held.checked = true;
      return b;
    }
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

  /** Keeps a chunk whose bytes the caller checked; see {@link #put(ObjectId, byte[], int, int)}. */
  public boolean put(ObjectId id, byte[] raw) {
    return put(id, raw, 0, raw.length);
  }

  /**
   * Keeps a chunk whose bytes, {@code raw[off, off+len)}, the caller checked; evicts the least recently used beyond
   * the bound. Returns whether the chunk is cached now: not when it is larger than the whole cache, or when the
   * cache's disk refused it (logged; the caller still has the bytes).
   */
  public boolean put(ObjectId id, byte[] raw, int off, int len) {
    if (len > maxBytes) return false;
    synchronized (lru) {
      if (lru.containsKey(id)) return true;
    }
    Path f = path(id);
    // A name of our own (no SecureRandom), one open, and the shard directory made once: a prefetch writes
    // thousands of small chunks a second through here.
    Path t = tmp.resolve(id.hex() + "-" + PID + "-" + tempNames.incrementAndGet() + ".tmp");
    try {
      try {
        try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer b = ByteBuffer.wrap(raw, off, len);
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
      return false;
    }
    List<ObjectId> evicted = new ArrayList<>();
    synchronized (lru) {
      Held old = lru.put(id, new Held(len, true));
      bytes += len - (old == null ? 0 : old.size);
      Iterator<Map.Entry<ObjectId, Held>> it = lru.entrySet().iterator();
      while (bytes > maxBytes && it.hasNext()) {
        Map.Entry<ObjectId, Held> e = it.next();
        if (e.getKey().equals(id)) continue;
        bytes -= e.getValue().size;
        evicted.add(e.getKey());
        it.remove();
      }
    }
    for (ObjectId e : evicted) delete(path(e));
    return true;
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

  private Path path(ObjectId id) {
    String hex = id.hex();
    return chunks.resolve(hex.substring(0, 2)).resolve(hex);
  }

  private void forget(ObjectId id) {
    synchronized (lru) {
      Held held = lru.remove(id);
      if (held != null) bytes -= held.size;
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
      lru.put(f.id(), new Held(f.size(), false));
      bytes += f.size();
    }
    try (Stream<Path> s = Files.list(tmp)) {
      s.forEach(ChunkDiskCache::delete);
    } catch (IOException e) {
      throw new StoreIoException("reading the chunk cache " + tmp, e);
    }
    // A smaller bound than last time: trim now rather than at the first write.
    Iterator<Map.Entry<ObjectId, Held>> it = lru.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<ObjectId, Held> e = it.next();
      bytes -= e.getValue().size;
      delete(path(e.getKey()));
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
