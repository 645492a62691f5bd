package io.datafs.core.remote;

import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteTransientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real remote with faults injected in front of it, as the SDK remotes report them: server errors, connection
 * resets, timeouts (after a delay), denied access, replies lost after the write was done, and the answers of real
 * clouds that S3Proxy and Azurite do not give: S3's throttling ({@code SlowDown}) and its conflict between two
 * conditional writes racing on one key. Faults are planned
 * ({@link #failNext}, {@link #failAlways}) or random ({@link #failRandomly}); {@link #calls()} counts operations.
 */
public final class FaultyRemote implements Remote {
  public enum Fault {
    /** HTTP 503 before the operation runs. */
    SERVER_ERROR,
    /** A connection reset before the operation runs. */
    RESET,
    /** No answer: waits {@link #timeout}, then times out, before the operation runs. */
    TIMEOUT,
    /** The connection refused: nothing listens there (transient, but no server was reached). */
    REFUSED,
    /** Access denied (not transient). */
    DENIED,
    /** The operation runs, then the reply is lost (a reset). */
    LOST_REPLY,
    /** S3's HTTP 503 {@code SlowDown}: throttled, before the operation runs (transient: back off and retry). */
    SLOW_DOWN,
    /**
     * S3's HTTP 409 {@code ConditionalRequestConflict}: a conditional write raced another on the key. Before the
     * operation runs, the rival of {@link #raceNextCreate} (if any) does its own write; AWS says to retry, and the
     * retry finds the key taken (412, i.e. {@link CreateResult#ALREADY_EXISTS}).
     */
    CONFLICT
  }

  private final Remote inner;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger planned = new AtomicInteger();
  private volatile Fault fault;
  private volatile double rate;
  private final Random random = new Random(7);
  private volatile Duration timeout = Duration.ofMillis(200);
  private volatile String racedPrefix;
  private volatile Runnable rival;

  public FaultyRemote(Remote inner) {
    this.inner = inner;
  }

  /** The next {@code n} operations fail with {@code f}. */
  public FaultyRemote failNext(int n, Fault f) {
    fault = f;
    rate = 0;
    planned.set(n);
    return this;
  }

  public FaultyRemote failAlways(Fault f) {
    return failNext(Integer.MAX_VALUE, f);
  }

  /** Each operation fails with {@code f} with probability {@code p}. */
  public FaultyRemote failRandomly(Fault f, double p) {
    fault = f;
    planned.set(0);
    rate = p;
    return this;
  }

  /**
   * The next create of a key starting with {@code keyPrefix} loses a race: {@code rival} runs first (another writer,
   * e.g. another store publishing), then the create is answered {@link Fault#CONFLICT}, as S3 answers the loser of
   * two concurrent conditional writes. Other operations pass.
   */
  public FaultyRemote raceNextCreate(String keyPrefix, Runnable rival) {
    this.rival = rival;
    racedPrefix = keyPrefix;
    return this;
  }

  public FaultyRemote heal() {
    return failNext(0, null);
  }

  public FaultyRemote timeout(Duration d) {
    timeout = d;
    return this;
  }

  /** Operations asked of this remote, failed ones included. */
  public int calls() {
    return calls.get();
  }

  @Override
  public RemoteUrl url() {
    return inner.url();
  }

  @Override
  public byte[] get(RemoteKey key) {
    return call("reading", key, () -> inner.get(key));
  }

  @Override
  public byte[] read(RemoteKey key, long offset, int length) {
    return call("reading", key, () -> inner.read(key, offset, length));
  }

  @Override
  public InputStream open(RemoteKey key, long offset, long length) {
    return call("reading", key, () -> inner.open(key, offset, length));
  }

  @Override
  public OptionalLong size(RemoteKey key) {
    return call("looking up", key, () -> inner.size(key));
  }

  @Override
  public void put(RemoteKey key, byte[] bytes) {
    call("writing", key, () -> {
      inner.put(key, bytes);
      return null;
    });
  }

  @Override
  public void put(RemoteKey key, Path file) {
    call("writing", key, () -> {
      inner.put(key, file);
      return null;
    });
  }

  @Override
  public CreateResult create(RemoteKey key, byte[] bytes) {
    String raced = racedPrefix;
    if (raced != null && key.value().startsWith(raced)) {
      racedPrefix = null;
      calls.incrementAndGet();
      rival.run();
      throw conflict("remote " + url() + ": creating key " + key);
    }
    return call("creating", key, () -> inner.create(key, bytes));
  }

  @Override
  public List<RemoteKey> list(String prefix) {
    return call("listing", null, () -> inner.list(prefix));
  }

  @Override
  public List<RemoteEntry> listEntries(String prefix) {
    return call("listing", null, () -> inner.listEntries(prefix));
  }

  @Override
  public boolean delete(RemoteKey key) {
    return call("deleting", key, () -> inner.delete(key));
  }

  @Override
  public void close() {
    inner.close();
  }

  private <T> T call(String doing, RemoteKey key, Supplier<T> op) {
    calls.incrementAndGet();
    Fault f = next();
    String what = "remote " + url() + ": " + doing + (key == null ? "" : " key " + key);
    if (f == null) return op.get();
    switch (f) {
      case SERVER_ERROR -> throw new RemoteTransientException(what + ": HTTP 503 (injected)", null);
      case RESET -> throw new RemoteTransientException(what + ": connection reset (injected)",
          new SocketException("Connection reset"));
      case TIMEOUT -> {
        try {
          Thread.sleep(timeout.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new RemoteTransientException(what + ": timed out (injected)",
            new SocketTimeoutException("Read timed out"));
      }
      case REFUSED -> throw new RemoteTransientException(what + ": connection refused (injected)",
          new java.net.ConnectException("Connection refused"));
      case DENIED -> throw new RemoteAccessDeniedException(what + ": access denied (injected)", null);
      case LOST_REPLY -> {
        op.get();
        throw new RemoteTransientException(what + ": connection reset after the request (injected)",
            new IOException("reset"));
      }
      case SLOW_DOWN -> throw new RemoteTransientException(what + ": HTTP 503 SlowDown (injected)", null);
      case CONFLICT -> throw conflict(what);
      default -> throw new IllegalStateException(f.toString());
    }
  }

  private static RemoteTransientException conflict(String what) {
    return new RemoteTransientException(what + ": HTTP 409 ConditionalRequestConflict (injected)", null);
  }

  private Fault next() {
    Fault f = fault;
    if (f == null) return null;
    if (rate > 0) {
      synchronized (random) {
        return random.nextDouble() < rate ? f : null;
      }
    }
    int left = planned.getAndUpdate(n -> n > 0 && n != Integer.MAX_VALUE ? n - 1 : n);
    return left > 0 ? f : null;
  }
}
