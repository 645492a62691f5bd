package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ChunkCacheTest {
  static ObjectId id(int n) {
    return ObjectId.hash(new byte[] {(byte) n});
  }

  static Function<ObjectId, byte[]> bytes(int length, AtomicInteger loads) {
    return id -> {
      loads.incrementAndGet();
      return new byte[length];
    };
  }

  @Test
  void keepsWithinItsBytesAndServesWhatItHolds() {
    ChunkCache cache = new ChunkCache(10);
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 20; i++) {
      cache.get(id(i), bytes(4, loads));
      assertTrue(cache.size() <= 10, "over its bound: " + cache.size());
    }
    assertEquals(20, loads.get());
    assertEquals(20, cache.misses());
    assertEquals(0, cache.hits());
    int held = 0;
    while (held < 20 && !cache.contains(id(held))) held++;
    assertTrue(held < 20, "holds some chunk");
    cache.get(id(held), bytes(4, loads));
    assertEquals(20, loads.get(), "a chunk held is not loaded again");
    assertEquals(1, cache.hits());
  }

  @Test
  void aChunkReadOftenOutlivesAScanOfChunksReadOnce() {
    ChunkCache cache = new ChunkCache(64 << 20); // a nursery of 32 MiB, and 32 MiB by frequency
    AtomicInteger loads = new AtomicInteger();
    for (int i = 100; i < 164; i++) cache.get(id(i), bytes(1 << 20, loads)); // full, as a daemon's soon is
    ObjectId hot = id(250);
    for (int i = 0; i < 8; i++) cache.get(hot, bytes(1 << 20, loads)); // a chunk every epoch reads
    for (int i = 0; i < 100; i++) cache.get(id(i), bytes(1 << 20, loads)); // a scan of 1.5x the cache, once
    assertTrue(cache.size() <= 64 << 20, "over its bound: " + cache.size());
    assertTrue(cache.contains(hot), "an LRU would have dropped it after 64 others");
    assertEquals(165, loads.get());
  }

  @Test
  void aChunkHeldByBothHalvesCountsOnce() {
    ChunkCache cache = new ChunkCache(100);
    AtomicInteger loads = new AtomicInteger();
    cache.get(id(1), bytes(7, loads)); // stored in the nursery and offered to Caffeine
    cache.get(id(1), bytes(7, loads)); // a use: offered to Caffeine again
    assertTrue(cache.contains(id(1)));
    assertEquals(7, cache.size(), "one array of 7 bytes in memory");
    cache.get(id(2), bytes(5, loads));
    assertEquals(12, cache.size());
  }

  @Test
  void aChunkLargerThanTheCacheIsServedButNotKept() {
    ChunkCache cache = new ChunkCache(10);
    AtomicInteger loads = new AtomicInteger();
    cache.get(id(1), bytes(4, loads));
    assertEquals(11, cache.get(id(2), bytes(11, loads)).length);
    assertTrue(cache.size() <= 10, "over its bound: " + cache.size());
    assertTrue(cache.contains(id(1)));
    assertFalse(cache.contains(id(2)));
  }

  @Test
  void aFailedLoadIsThrownAndNotCached() {
    ChunkCache cache = new ChunkCache(100);
    CorruptObjectException bad = new CorruptObjectException(id(1), "bad");
    assertSame(bad, assertThrows(CorruptObjectException.class, () -> cache.get(id(1), id -> {
      throw bad;
    })));
    assertEquals(0, cache.size());
    assertArrayEquals(new byte[] {7}, cache.get(id(1), id -> new byte[] {7}));
  }

  @Test
  void concurrentRequestsForOneChunkLoadItOnce() throws Exception {
    ChunkCache cache = new ChunkCache(1 << 20);
    int threads = 8;
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<ObjectId, byte[]> slowLoad = id -> {
      loads.incrementAndGet();
      loading.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return new byte[] {1, 2, 3};
    };
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      results.add(pool.submit(() -> cache.get(id(9), slowLoad)));
      loading.await(); // the first caller is inside its load
      for (int i = 1; i < threads; i++) results.add(pool.submit(() -> cache.get(id(9), slowLoad)));
      // every other caller is waiting on that load (or, were loads not shared, has started a second one)
      while (cache.hits() < threads - 1 && loads.get() == 1) Thread.onSpinWait();
      release.countDown();
      byte[] first = results.get(0).get();
      for (Future<byte[]> r : results) assertSame(first, r.get());
      assertEquals(1, loads.get());
      assertEquals(1, cache.misses());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void waitersOfAFailedLoadSeeItsFailure() throws Exception {
    ChunkCache cache = new ChunkCache(1 << 20);
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<byte[]> loader = pool.submit(() -> cache.get(id(5), id -> {
        loading.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        throw new CorruptObjectException(id, "damaged");
      }));
      loading.await();
      Future<byte[]> waiter = pool.submit(() -> cache.get(id(5), id -> new byte[1]));
      while (cache.hits() < 1 && !waiter.isDone()) Thread.onSpinWait();
      release.countDown();
      Exception e = assertThrows(Exception.class, waiter::get);
      assertTrue(e.getCause() instanceof CorruptObjectException, String.valueOf(e.getCause()));
      assertThrows(Exception.class, loader::get);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
