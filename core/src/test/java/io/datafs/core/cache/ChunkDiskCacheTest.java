package io.datafs.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.config.CacheConfig;
import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk cache on a small disk: it evicts the least recently used to leave {@code cache.minFreeBytes} free, and
 * stops keeping chunks when even an empty cache would leave less. The disk is simulated (its size minus the cache's
 * files and whatever else "fills" it) to inject a full disk; integration-tests' DiskFullTest runs the real one.
 */
class ChunkDiskCacheTest {
  static final long DISK = 1 << 20;
  static final long FLOOR = 256 << 10;
  static final int CHUNK = 100_000;
  @TempDir Path dir;
  final AtomicLong otherUse = new AtomicLong();

  /** Free bytes of the simulated disk: what the cache's files and the other use leave. */
  private long usable() {
    try (Stream<Path> s = Files.walk(dir)) {
      long cacheFiles = s.filter(Files::isRegularFile).mapToLong(p -> DiskFloor.onDisk(p.toFile().length())).sum();
      return DISK - cacheFiles - otherUse.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ChunkDiskCache cache() {
    return new ChunkDiskCache(dir.resolve("cache"), new CacheConfig(1L << 30, OptionalLong.of(FLOOR)), this::usable);
  }

  @Test
  void theLeastRecentlyUsedMakeRoomSoTheDiskKeepsItsFloor() {
    ChunkDiskCache cache = cache();
    List<ObjectId> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      byte[] b = chunk(i);
      ids.add(ObjectId.hash(b));
      assertTrue(cache.put(ids.get(i), b), "chunk " + i + " kept");
      assertTrue(usable() >= FLOOR, "after chunk " + i + ": " + usable() + " bytes free");
      if (i == 5) cache.get(ids.get(0)); // the first is used again: the second is the least recently used now
    }
    assertTrue(cache.count() < 12 && cache.count() >= 6, cache.count() + " chunks held");
    assertTrue(cache.contains(ids.get(0)), "used lately: kept");
    assertFalse(cache.contains(ids.get(1)), "the least recently used went first");
    assertArrayEquals(chunk(11), cache.get(ids.get(11)));
    assertTrue(cache.capacity() <= cache.size() + usable() - FLOOR, "prefetch is bounded by the room above the floor");
  }

  @Test
  void aDiskFilledByOthersEmptiesTheCacheAndStopsItUntilThereIsRoomAgain() {
    ChunkDiskCache cache = cache();
    for (int i = 0; i < 4; i++) cache.put(ObjectId.hash(chunk(i)), chunk(i));
    otherUse.set(DISK - FLOOR - 50_000); // an import took the disk down to below its floor, cache or not
    byte[] b = chunk(20);
    assertFalse(cache.put(ObjectId.hash(b), b), "not kept: the caller reads it from memory");
    assertEquals(0, cache.count(), "the cache gave back what it held");
    assertTrue(cache.capacity() < CHUNK, "no room for a chunk: " + cache.capacity());
    otherUse.set(0);
    assertTrue(cache.put(ObjectId.hash(b), b), "room again: kept");
  }

  @Test
  void aStartClearsTempFilesOfGoneProcessesOnlyOfItsOwnKind() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("cache/tmp"));
    String hex = ObjectId.hash(chunk(1)).hex();
    Path gone = Files.write(tmp.resolve(hex + "-99999999-7.tmp"), chunk(1)); // beyond any pid_max: no such process
    Path live = Files.write(tmp.resolve(hex + "-" + ProcessHandle.current().pid() + "-7.tmp"), chunk(1));
    Path foreign = Files.writeString(tmp.resolve("notes.txt"), "not the cache's");
    cache();
    assertFalse(Files.exists(gone), "left by a killed process: cleared");
    assertTrue(Files.exists(live), "a write under way in a live process is not ours to delete");
    assertTrue(Files.exists(foreign), "nor is anything the cache did not name");
    assertNull(cache().get(ObjectId.hash(chunk(1))), "and no temp file counts as cached");
  }

  private static byte[] chunk(int seed) {
    byte[] b = new byte[CHUNK];
    new Random(seed).nextBytes(b);
    return b;
  }
}
