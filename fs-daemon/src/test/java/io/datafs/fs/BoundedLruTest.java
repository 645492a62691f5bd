package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundedLruTest {
  /**
   * The keys one stripe gets spread over the buckets of its table (a HashMap's bucket: the low bits of
   * {@code h ^ h >>> 16}); when the stripe was chosen from those same bits, they all shared one bucket in 16.
   */
  @Test
  void theKeysOfOneStripeSpreadOverItsBuckets() {
    Set<Integer> buckets = new HashSet<>();
    int inStripe = 0;
    for (int i = 0; i < 200_000; i++) {
      int h = String.format("/flat/img%07d.jpg", i).hashCode();
      if (BoundedLru.stripeOf(h, 16) != 3) continue;
      inStripe++;
      buckets.add((h ^ (h >>> 16)) & 1023);
    }
    assertTrue(inStripe > 10_000 && inStripe < 15_000, inStripe + " keys of 200k in one stripe of 16");
    assertTrue(buckets.size() > 900, "the stripe's keys use " + buckets.size() + " buckets of 1024");
  }

  @Test
  void keepsAboutItsCapacityDroppingTheLeastRecentlyUsed() {
    BoundedLru<String, Integer> lru = new BoundedLru<>(1);
    lru.put("a", 1);
    assertEquals(1, lru.get("a"));
    lru.put("b", 2);
    assertNull(lru.get("a"));
    assertEquals(1, lru.size());
  }
}
