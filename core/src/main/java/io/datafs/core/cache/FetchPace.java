package io.datafs.core.cache;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The pace a prefetch settled at, for {@link RemoteThroughput}: the bytes fetched and the time taken from the moment
 * half of the planned bytes had arrived to the end. The first half of a daemon's first fetch runs before its code is
 * compiled and while its connections open (measured: a 32 MiB first prefetch at half the pace of the 256 MiB one
 * after it), which a whole-fetch average would carry into every estimate made from it. A fetch whose later half is
 * too small to tell ({@link RemoteThroughput#MIN_BYTES}) is measured whole.
 */
public final class FetchPace implements AutoCloseable {
  /** How often {@link #start}'s thread looks at the bytes fetched: spans end too rarely to place the half-way point. */
  private static final long SAMPLE_MILLIS = 10;

  private final LongSupplier fetched;
  private final LongSupplier clock;
  private final long startBytes;
  private final long startNanos;
  private final long half;
  private long halfBytes = -1;
  private long halfNanos;
  private ScheduledExecutorService sampler;

  /**
   * @param fetched the fetcher's count of bytes fetched so far ({@link RemoteChunks#bytesFetched})
   * @param planned the bytes the fetch is to bring ({@link FetchPlan#bytes})
   * @param clock nanoseconds ({@code System::nanoTime}); read now for the start
   */
  public FetchPace(LongSupplier fetched, long planned, LongSupplier clock) {
    this.fetched = fetched;
    this.clock = clock;
    this.startBytes = fetched.getAsLong();
    this.startNanos = clock.getAsLong();
    this.half = planned / 2;
  }

  /** A pace of {@code fetched}, looked at every few milliseconds until {@link #close}. */
  public static FetchPace start(LongSupplier fetched, long planned) {
    FetchPace pace = new FetchPace(fetched, planned, System::nanoTime);
    pace.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "datafs-fetch-pace");
      t.setDaemon(true);
      return t;
    });
    pace.sampler.scheduleAtFixedRate(pace::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    return pace;
  }

  /** Looks at the bytes fetched (from any thread): the first time half the plan is in, the later half starts. */
  public synchronized void sample() {
    if (halfBytes >= 0) return;
    long got = fetched.getAsLong() - startBytes;
    if (got >= half) {
      halfBytes = got;
      halfNanos = clock.getAsLong() - startNanos;
    }
  }

  /** Bytes fetched since the start. */
  public long bytes() {
    return fetched.getAsLong() - startBytes;
  }

  /** Nanoseconds since the start. */
  public long nanos() {
    return clock.getAsLong() - startNanos;
  }

  /** What to keep of a fetch of {@code requests} ranged reads that has just ended: its later half, or all of it. */
  public synchronized RemoteThroughput.Measured measured(int requests) {
    long bytes = bytes();
    long nanos = nanos();
    long later = bytes - halfBytes;
    if (halfBytes < 0 || later < RemoteThroughput.MIN_BYTES || nanos <= halfNanos) {
      return new RemoteThroughput.Measured(bytes, requests, nanos);
    }
    int laterRequests = (int) Math.max(1, Math.round((double) requests * later / Math.max(1, bytes)));
    return new RemoteThroughput.Measured(later, laterRequests, nanos - halfNanos);
  }

  /** Stops looking. */
  @Override
  public void close() {
    if (sampler != null) sampler.shutdownNow();
  }
}
