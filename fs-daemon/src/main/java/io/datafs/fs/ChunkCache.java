package io.datafs.fs;

import io.datafs.core.id.ObjectId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Decoded chunks by id, least recently used dropped first once they hold more than {@code maxBytes}. Shared by every
 * mount of a daemon: chunks are content-addressed, so one cached chunk serves every version and file that has it.
 * Thread-safe. Concurrent requests for a chunk that is not cached load it once: the first loads, the rest wait for
 * its result (or its failure). The arrays handed out are shared and must not be modified.
 */
public final class ChunkCache {
  private final long maxBytes;
  private final LinkedHashMap<ObjectId, byte[]> chunks = new LinkedHashMap<>(256, 0.75f, true); // guarded by itself
  private long bytes; // guarded by chunks
  private final ConcurrentHashMap<ObjectId, CompletableFuture<byte[]>> loading = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public ChunkCache(long maxBytes) {
    if (maxBytes < 0) throw new IllegalArgumentException("a cache size is not negative: " + maxBytes);
    this.maxBytes = maxBytes;
  }

  /**
   * The chunk {@code id}, from the cache or else from {@code load}. A failed load is not cached: it is thrown to
   * the caller that loaded and to every caller that waited for it, and the next request tries again.
   */
  public byte[] get(ObjectId id, Function<ObjectId, byte[]> load) {
    byte[] b = cached(id);
    if (b != null) {
      hits.increment();
      return b;
    }
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> other = loading.putIfAbsent(id, mine);
    if (other != null) {
      hits.increment(); // served by another caller's load, not one of its own
      return await(other);
    }
    try {
      b = cached(id); // a load may have finished between the miss above and the claim
      if (b != null) {
        hits.increment();
      } else {
        misses.increment();
        b = Objects.requireNonNull(load.apply(id), "a chunk load returned null");
        store(id, b);
      }
      mine.complete(b);
      return b;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(id, mine);
    }
  }

  /** Bytes of chunks held now. */
  public long size() {
    synchronized (chunks) {
      return bytes;
    }
  }

  /** Requests served without a load of their own: from the cache, or by waiting for another caller's load. */
  public long hits() {
    return hits.sum();
  }

  /** Loads performed. */
  public long misses() {
    return misses.sum();
  }

  /** Whether the chunk is held now; does not count as a use. */
  boolean contains(ObjectId id) {
    synchronized (chunks) {
      return chunks.containsKey(id);
    }
  }

  private byte[] cached(ObjectId id) {
    synchronized (chunks) {
      return chunks.get(id);
    }
  }

  private void store(ObjectId id, byte[] b) {
    if (b.length > maxBytes) return; // would only push everything else out, then itself
    synchronized (chunks) {
      byte[] old = chunks.put(id, b);
      bytes += b.length - (old == null ? 0 : old.length);
      Iterator<Map.Entry<ObjectId, byte[]>> eldest = chunks.entrySet().iterator();
      while (bytes > maxBytes) {
        bytes -= eldest.next().getValue().length;
        eldest.remove();
      }
    }
  }

  private static byte[] await(CompletableFuture<byte[]> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw e;
    }
  }
}
