package io.datafs.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a prefetch keeps of its pace for the next plan's estimate: its later half, unless that is too small. */
class FetchPaceTest {
  private static final long MIB = 1L << 20;
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong bytes = new AtomicLong(5 * MIB); // what the fetcher had fetched before
  private final AtomicLong clock = new AtomicLong(42 * SECOND);

  private void span(long mib, long nanos, FetchPace pace) {
    bytes.addAndGet(mib * MIB);
    clock.addAndGet(nanos);
    pace.sample();
  }

  @Test
  void aFetchThatStartedSlowIsMeasuredByItsLaterHalf() {
    FetchPace pace = new FetchPace(bytes::get, 256 * MIB, clock::get);
    for (int i = 0; i < 4; i++) span(32, SECOND, pace); // 128 MiB at 32 MiB/s: a cold daemon
    for (int i = 0; i < 4; i++) span(32, SECOND / 2, pace); // then twice as fast
    RemoteThroughput.Measured m = pace.measured(8);
    assertEquals(128 * MIB, m.bytes());
    assertEquals(2 * SECOND, m.nanos());
    assertEquals(4, m.requests());
    assertEquals(256 * MIB, pace.bytes());
    assertEquals(6 * SECOND, pace.nanos());
    // a plan of 2 GiB in 64 reads at that pace: 32 s (the whole fetch's average would have said 48 s)
    assertEquals(32 * SECOND, m.estimate(new FetchPlan(2048, 2048 * MIB, 64)).toNanos());
  }

  @Test
  void aFetchWhoseLaterHalfIsTooSmallToTellIsMeasuredWhole() {
    FetchPace pace = new FetchPace(bytes::get, 12 * MIB, clock::get);
    span(6, SECOND, pace);
    span(6, SECOND, pace);
    RemoteThroughput.Measured m = pace.measured(2);
    assertEquals(12 * MIB, m.bytes());
    assertEquals(2 * SECOND, m.nanos());
    assertEquals(2, m.requests());
  }
}
