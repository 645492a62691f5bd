package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PagerTest {
  static final int ENTRIES = 50_000;

  /**
   * A directory of 50k entries listed as the kernel lists it (pages of 128 asked for, about 100 taken, the next call
   * resuming after the last taken), twice over: the second listing costs what the first did. When the lowest cursor
   * was always the one dropped, the second listing lost each cursor it made and skipped from the start at every
   * call, reading the directory some 220 times over.
   */
  @Test
  void listingADirectoryAgainCostsWhatTheFirstListingDid() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) names.add(String.format("f%06d", i));
    long[] asked = {0};
    Pager.Lister<String> lister = (after, limit) -> {
      int from = after == null ? 0 : Collections.binarySearch(names, after) + 1;
      List<String> out = names.subList(from, Math.min(names.size(), from + limit));
      asked[0] += out.size();
      return out;
    };
    Pager<String> pager = new Pager<>(Function.identity(), 4);
    for (int pass = 1; pass <= 2; pass++) {
      asked[0] = 0;
      List<String> listed = new ArrayList<>();
      for (long offset = 0; ; ) {
        List<String> page = pager.page("/big", lister, offset, 128);
        if (page.isEmpty()) break;
        List<String> taken = page.subList(0, Math.min(page.size(), 100));
        listed.addAll(taken);
        offset += taken.size();
      }
      assertEquals(names, listed, "pass " + pass);
      assertTrue(asked[0] < 3L * ENTRIES, "pass " + pass + " asked for " + asked[0] + " entries");
    }
  }
}
