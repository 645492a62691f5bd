package io.datafs.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets whose bounds double from 100 µs to about 105 s, plus one for longer: recording
 * is one {@link LongAdder} increment, no allocation and no lock, so it can sit on a read path. Quantiles are read off
 * the bucket bounds (an upper estimate, within a factor of two), enough to tell a 2 ms fetch from a 200 ms one.
 */
public final class LatencyHistogram {
  /** The first bucket's upper bound. */
  static final long FIRST_BOUND_NANOS = 100_000;
  /** Bounded buckets; the last counts everything longer than the last bound. */
  static final int BOUNDED = 21;

  private final LongAdder[] buckets = new LongAdder[BOUNDED + 1];
  private final LongAdder totalNanos = new LongAdder();

  public LatencyHistogram() {
    for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
  }

  public void record(long nanos) {
    int i = 0;
    long bound = FIRST_BOUND_NANOS;
    while (i < BOUNDED && nanos > bound) {
      bound <<= 1;
      i++;
    }
    buckets[i].increment();
    totalNanos.add(Math.max(0, nanos));
  }

  /** The upper bound of bucket {@code i} in nanoseconds; {@link Long#MAX_VALUE} for the last. */
  public static long boundNanos(int i) {
    return i >= BOUNDED ? Long.MAX_VALUE : FIRST_BOUND_NANOS << i;
  }

  /** A consistent-enough copy of the counts (each bucket read once), for quantiles and exposition. */
  public Snapshot snapshot() {
    long[] counts = new long[buckets.length];
    for (int i = 0; i < counts.length; i++) counts[i] = buckets[i].sum();
    return new Snapshot(counts, totalNanos.sum());
  }

  /** Counts per bucket (bounds by {@link #boundNanos}) and the sum of all durations. */
  public record Snapshot(long[] counts, long totalNanos) {
    /** The two histograms as one: their counts added bucket by bucket. */
    public Snapshot plus(Snapshot other) {
      long[] sum = counts.clone();
      for (int i = 0; i < sum.length; i++) sum[i] += other.counts[i];
      return new Snapshot(sum, totalNanos + other.totalNanos);
    }

    public long count() {
      long n = 0;
      for (long c : counts) n += c;
      return n;
    }

    /** The bound of the bucket holding quantile {@code q} (0..1), in nanoseconds; 0 when nothing was recorded. */
    public long quantileNanos(double q) {
      long n = count();
      if (n == 0) return 0;
      long rank = Math.max(1, (long) Math.ceil(q * n));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) return i >= BOUNDED ? boundNanos(BOUNDED - 1) * 2 : boundNanos(i);
      }
      return boundNanos(BOUNDED - 1) * 2;
    }
  }
}
