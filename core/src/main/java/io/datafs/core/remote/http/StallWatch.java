package io.datafs.core.remote.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fails a read of a response body that waits longer than the timeout for its next bytes. The JDK's HttpClient times a
 * request out only until the response's headers arrive; a server that then stops sending would hang a mount's read for
 * ever. A thread of its own looks at the reads under way a few times per timeout and closes the stream of one that
 * waited too long, which wakes its reader with an {@link IOException} (a transient failure, as on the other remotes).
 */
final class StallWatch implements AutoCloseable {
  private final Duration timeout;
  private final Set<Guarded> waiting = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "datafs-http-stalls");
    t.setDaemon(true);
    return t;
  });

  StallWatch(Duration timeout) {
    this.timeout = timeout;
    long period = Math.max(timeout.toMillis() / 4, 10);
    timer.scheduleWithFixedDelay(this::expireStalled, period, period, TimeUnit.MILLISECONDS);
  }

  /** The body, failing any read that waits longer than the timeout. */
  InputStream guard(InputStream body) {
    return new Guarded(body);
  }

  private void expireStalled() {
    long now = System.nanoTime();
    for (Guarded g : waiting) {
      long since = g.since;
      if (since != 0 && now - since > timeout.toNanos()) g.expire();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private final class Guarded extends FilterInputStream {
    /** When the read under way started (never 0 then), or 0 between reads. */
    private volatile long since;
    private volatile boolean expired;

    Guarded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (expired) throw stalled();
      since = System.nanoTime() | 1;
      waiting.add(this);
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        if (expired) throw stalled();
        throw e;
      } finally {
        since = 0;
        waiting.remove(this);
      }
      if (expired) throw stalled(); // a closed body reads as its end: never mistake that for the object's end
      return n;
    }

    /** Skipped bytes are read, so a stalled skip fails as a stalled read does. */
    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[(int) Math.min(n, 64 << 10)];
      long left = n;
      while (left > 0) {
        int r = read(scratch, 0, (int) Math.min(scratch.length, left));
        if (r < 0) break;
        left -= r;
      }
      return n - left;
    }

    @Override
    public void close() throws IOException {
      waiting.remove(this);
      in.close();
    }

    private void expire() {
      expired = true;
      try {
        in.close();
      } catch (IOException ignored) {
        // the reader is told by its own read
      }
    }

    private IOException stalled() {
      return new IOException("no bytes for " + timeout.toSeconds() + " s: the server stopped sending");
    }
  }
}
