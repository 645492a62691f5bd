package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedLruTest {
  @Test
  void keepsAtMostItsCapacity() {
    BoundedLru<String, Integer> lru = new BoundedLru<>(16);
    for (int i = 0; i < 100; i++) {
      lru.put("k" + i, i);
      assertTrue(lru.size() <= 16, "over its capacity: " + lru.size());
    }
    assertEquals(99, lru.computeIfAbsent("k99", k -> -1), "a held value is not made again");
    assertEquals(7, lru.computeIfAbsent("new", k -> 7));
    assertEquals(7, lru.get("new"));
    assertNull(lru.get("never"));
  }

  @Test
  void anEntryUsedOftenOutlivesAScanOfEntriesUsedOnce() {
    BoundedLru<String, Integer> lru = new BoundedLru<>(16);
    for (int i = 0; i < 16; i++) lru.put("/other/" + i, i); // full, as a mount's soon is
    lru.put("/data", 0);
    for (int i = 0; i < 8; i++) lru.get("/data"); // the directory every path goes through
    for (int i = 0; i < 200; i++) lru.put("/data/f" + i, i); // a find over 12x the capacity
    assertEquals(0, lru.get("/data"), "an LRU would have dropped it after 16 others");
  }
}
