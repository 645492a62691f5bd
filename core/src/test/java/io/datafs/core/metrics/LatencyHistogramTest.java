package io.datafs.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void quantilesAreTheUpperBoundsOfTheirBuckets() {
    LatencyHistogram h = new LatencyHistogram();
    assertEquals(0, h.snapshot().quantileNanos(0.5), "nothing recorded");
    for (int i = 0; i < 98; i++) h.record(1_000_000); // 1 ms: the bucket up to 1.6 ms (0.1 ms doubled four times)
    h.record(50_000); // the first bucket
    h.record(3_000_000_000L); // 3 s: up to 3.2768 s
    h.record(Long.MAX_VALUE); // past the last bound
    LatencyHistogram.Snapshot s = h.snapshot();
    assertEquals(101, s.count());
    assertEquals(1_600_000, s.quantileNanos(0.5));
    assertEquals(3_276_800_000L, s.quantileNanos(0.99));
    assertEquals(2 * LatencyHistogram.boundNanos(LatencyHistogram.BOUNDED - 1), s.quantileNanos(1.0));
    assertEquals(1, s.counts()[0]);
    assertEquals(98, s.counts()[4]);
    assertEquals(1, s.counts()[LatencyHistogram.BOUNDED]);
    assertEquals(Long.MAX_VALUE, LatencyHistogram.boundNanos(LatencyHistogram.BOUNDED));
  }
}
