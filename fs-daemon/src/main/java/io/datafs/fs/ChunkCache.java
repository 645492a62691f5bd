package io.datafs.fs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.datafs.core.id.ObjectId;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Decoded chunks by id, weighed by their bytes and kept within {@code maxBytes} by Caffeine (W-TinyLFU: a chunk read
 * often outlives a scan of chunks read once). Shared by every mount of a daemon: chunks are content-addressed, so one
 * cached chunk serves every version and file that has it. Thread-safe; a hit takes no lock. Concurrent requests for
 * a chunk that is not cached load it once: the first loads, the rest wait for its result (or its failure). The arrays
 * handed out are shared and must not be modified.
 *
 * <p>Loads are shared here rather than by Caffeine's own loading: its synchronous load holds a lock of its map for as
 * long as a remote fetch may take, and its asynchronous one logs a stack trace for every failed load (a damaged chunk,
 * a remote down), which the read that failed reports once already.
 */
public final class ChunkCache {
  private final long maxBytes;
  /** Eviction runs on the caller's thread ({@code Runnable::run}), so the bound holds when a store returns. */
  private final Cache<ObjectId, byte[]> chunks;
  private final ConcurrentHashMap<ObjectId, CompletableFuture<byte[]>> loading = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public ChunkCache(long maxBytes) {
    if (maxBytes < 0) throw new IllegalArgumentException("a cache size is not negative: " + maxBytes);
    this.maxBytes = maxBytes;
    this.chunks = Caffeine.newBuilder().maximumWeight(maxBytes).weigher((ObjectId id, byte[] b) -> b.length)
        .executor(Runnable::run).build();
  }

  /**
   * The chunk {@code id}, from the cache or else from {@code load}. A failed load is not cached: it is thrown to
   * the caller that loaded and to every caller that waited for it, and the next request tries again.
   */
  public byte[] get(ObjectId id, Function<ObjectId, byte[]> load) {
    byte[] b = chunks.getIfPresent(id);
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
      b = chunks.getIfPresent(id); // a load may have finished between the miss above and the claim
      if (b != null) {
        hits.increment();
      } else {
        misses.increment();
        b = Objects.requireNonNull(load.apply(id), "a chunk load returned null");
        if (b.length <= maxBytes) chunks.put(id, b); // a larger one would push everything else out, then itself
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
    chunks.cleanUp();
    return chunks.policy().eviction().orElseThrow().weightedSize().orElseThrow();
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
    return chunks.policy().getIfPresentQuietly(id) != null;
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
