package io.datafs.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.config.CacheConfig;
import io.datafs.core.id.ObjectId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pinned chunks stay through eviction by the bound and through prune; a cache full of pinned chunks keeps no more. */
class CachePinsPruneTest {
  static final int CHUNK = 10_000;
  @TempDir Path dir;

  @Test
  void pinnedChunksSurviveThePruneAndTheBoundAndHoldTheirPlace() {
    ChunkDiskCache cache = new ChunkDiskCache(dir, new CacheConfig(5 * CHUNK, OptionalLong.of(0)));
    List<ObjectId> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] b = chunk(i);
      ids.add(ObjectId.hash(b));
      assertTrue(cache.put(ids.get(i), b));
    }
    cache.pin(Set.of(ids.get(0), ids.get(1), ids.get(2))); // the least recently used three
    assertEquals(2L * CHUNK, cache.prune(0), "the two unpinned went");
    assertEquals(3L * CHUNK, cache.size());
    assertEquals(3L * CHUNK, cache.pinnedBytes());

    for (int i = 5; i < 10; i++) cache.put(ObjectId.hash(chunk(i)), chunk(i)); // past the bound: unpinned go first
    assertTrue(ids.subList(0, 3).stream().allMatch(cache::contains), "pinned kept through eviction");
    assertTrue(cache.size() <= 5L * CHUNK, cache.size() + " bytes held");

    cache.pin(Set.of(ids.get(0), ids.get(1), ids.get(2), ObjectId.hash(chunk(8)), ObjectId.hash(chunk(9))));
    assertFalse(cache.put(ObjectId.hash(chunk(20)), chunk(20)), "all pinned and at the bound: not kept");
    assertEquals(5L * CHUNK, cache.size(), "the bound holds");
    cache.pin(Set.of());
    assertEquals(5L * CHUNK, cache.prune(0), "unpinned: all go");
  }

  private static byte[] chunk(int seed) {
    byte[] b = new byte[CHUNK];
    new Random(seed).nextBytes(b);
    return b;
  }
}
