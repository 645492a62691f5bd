package io.datafs.fs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.datafs.core.id.ObjectId;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Decoded chunks by id, within {@code maxBytes}. Shared by every mount of a daemon: chunks are content-addressed, so
 * one cached chunk serves every version and file that has it. Thread-safe; a hit takes no lock. Concurrent requests
 * for a chunk that is not cached load it once: the first loads, the rest wait for its result (or its failure). The
 * arrays handed out are shared and must not be modified.
 *
 * <p>Two halves. One is Caffeine's (W-TinyLFU, weighed by bytes): a hit takes no lock, and a chunk read often outlives
 * a scan of chunks read once, where an LRU keeps nothing of a data set larger than itself read in order again. But
 * Caffeine admits a new entry only once it is used more often than the one it would push out, and its admission
 * window is 1% of the bytes, less than a chunk or two: a chunk just loaded, above all one read ahead, would be dropped
 * before it is read (simulated: a cold scan of 400 chunks through 256 MiB of Caffeine alone made 837 loads). So every
 * chunk loaded also goes to the other half, a nursery of the chunks last loaded (first in, first out), from which its
 * reads serve it while Caffeine learns how often it is used: the first such read offers it to Caffeine again.
 *
 * <p>Loads are shared here rather than by Caffeine's loading: its synchronous load holds a lock of its map for as long
 * as a remote fetch may take, and its asynchronous one logs a stack trace for every failed load (a damaged chunk, a
 * remote down), which the read that failed reports once already.
 */
public final class ChunkCache {
  private final long maxBytes;
  private final long nurseryMax;
  /** Eviction runs on the caller's thread ({@code Runnable::run}), so the bound holds when a store returns. */
  private final Cache<ObjectId, byte[]> frequent;
  private final ConcurrentHashMap<ObjectId, byte[]> nursery = new ConcurrentHashMap<>();
  /** Chunks of the nursery offered to Caffeine once more since they were loaded (see {@link #cached}). */
  private final Set<ObjectId> offered = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<ObjectId> nurseryOrder = new ArrayDeque<>(); // guarded by itself, as nurseryBytes
  private long nurseryBytes;
  private final ConcurrentHashMap<ObjectId, CompletableFuture<byte[]>> loading = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /**
   * A cache of {@code maxBytes}, half of it the nursery: room for many readers' chunks and the two each reads ahead
   * (as much as a plain LRU of that size gives them), half kept by frequency.
   */
  public ChunkCache(long maxBytes) {
    if (maxBytes < 0) throw new IllegalArgumentException("a cache size is not negative: " + maxBytes);
    this.maxBytes = maxBytes;
    this.nurseryMax = maxBytes / 2;
    this.frequent = Caffeine.newBuilder().maximumWeight(maxBytes - nurseryMax)
        .weigher((ObjectId id, byte[] b) -> b.length).executor(Runnable::run).build();
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

  /** Bytes of chunks held now, each chunk once: one held by both halves is one array in memory. */
  public long size() {
    frequent.cleanUp();
    long inFrequent = frequent.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    long onlyInNursery = 0;
    for (var e : nursery.entrySet()) {
      if (frequent.policy().getIfPresentQuietly(e.getKey()) == null) onlyInNursery += e.getValue().length;
    }
    return inFrequent + onlyInNursery;
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
    return frequent.policy().getIfPresentQuietly(id) != null || nursery.containsKey(id);
  }

  private byte[] cached(ObjectId id) {
    byte[] b = frequent.getIfPresent(id);
    if (b != null) return b;
    b = nursery.get(id);
    // read again since it was loaded: a use Caffeine counts, once (each offer costs Caffeine an admission round)
    if (b != null && offered.add(id)) frequent.put(id, b);
    return b;
  }

  private void store(ObjectId id, byte[] b) {
    if (b.length > maxBytes) return; // would only push everything else out, then itself
    if (b.length <= nurseryMax) {
      synchronized (nurseryOrder) {
        if (nursery.putIfAbsent(id, b) == null) {
          nurseryOrder.add(id);
          nurseryBytes += b.length;
        }
        while (nurseryBytes > nurseryMax) {
          ObjectId out = nurseryOrder.poll();
          offered.remove(out);
          nurseryBytes -= nursery.remove(out).length;
        }
      }
    }
    frequent.put(id, b);
  }

  /** The future's value; its failure rethrown as it was thrown, not wrapped. */
  static <T> T await(CompletableFuture<T> f) {
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
