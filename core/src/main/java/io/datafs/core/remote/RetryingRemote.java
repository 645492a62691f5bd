package io.datafs.core.remote;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteTransientException;
import io.datafs.core.error.RemoteUnreachableException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Retries a remote's {@link RemoteTransientException}s with exponential backoff and full jitter, within the
 * bounds of a {@link RetryPolicy}; when they run out, the last failure is reported as a
 * {@link RemoteUnreachableException}. Every other failure (access denied, not found, a missing bucket) passes
 * through at once. A stream from {@link #open} is not retried once it is open.
 */
public final class RetryingRemote implements Remote {
  private static final System.Logger LOG = System.getLogger("datafs.remote");

  private final Remote inner;
  private final RetryPolicy policy;

  public RetryingRemote(Remote inner, RetryPolicy policy) {
    this.inner = inner;
    this.policy = policy;
  }

  @Override
  public RemoteUrl url() {
    return inner.url();
  }

  @Override
  public byte[] get(RemoteKey key) {
    return retry(() -> inner.get(key));
  }

  @Override
  public byte[] read(RemoteKey key, long offset, int length) {
    return retry(() -> inner.read(key, offset, length));
  }

  @Override
  public InputStream open(RemoteKey key, long offset, long length) {
    return retry(() -> inner.open(key, offset, length));
  }

  @Override
  public OptionalLong size(RemoteKey key) {
    return retry(() -> inner.size(key));
  }

  @Override
  public void put(RemoteKey key, byte[] bytes) {
    retry(() -> {
      inner.put(key, bytes);
      return null;
    });
  }

  @Override
  public void put(RemoteKey key, Path file) {
    retry(() -> {
      inner.put(key, file);
      return null;
    });
  }

  /**
   * A try that failed may still have written the object (the reply was lost). So when a retried create finds
   * the key taken, the object is read back: holding exactly our bytes, it is ours, and this create CREATED it.
   */
  @Override
  public CreateResult create(RemoteKey key, byte[] bytes) {
    boolean[] failedBefore = {false};
    CreateResult result = retry(() -> {
      try {
        return inner.create(key, bytes);
      } catch (RemoteTransientException e) {
        failedBefore[0] = true;
        throw e;
      }
    });
    // a byte past our own is enough to tell: a longer object is not ours, however long it is
    if (result == CreateResult.ALREADY_EXISTS && failedBefore[0]
        && Arrays.equals(read(key, 0, bytes.length + 1), bytes)) {
      return CreateResult.CREATED;
    }
    return result;
  }

  @Override
  public List<RemoteKey> list(String prefix) {
    return retry(() -> inner.list(prefix));
  }

  @Override
  public List<RemoteEntry> listEntries(String prefix) {
    return retry(() -> inner.listEntries(prefix));
  }

  @Override
  public boolean delete(RemoteKey key) {
    return retry(() -> inner.delete(key));
  }

  @Override
  public void deleteListed(RemoteKey key) {
    retry(() -> {
      inner.deleteListed(key);
      return null;
    });
  }

  @Override
  public void clearStaleTemporaries() {
    inner.clearStaleTemporaries();
  }

  @Override
  public void close() {
    inner.close();
  }

  private <T> T retry(Supplier<T> op) {
    long start = System.nanoTime();
    boolean everConnected = false;
    for (int attempt = 1; ; attempt++) {
      RemoteTransientException failure;
      try {
        return op.get();
      } catch (RemoteTransientException e) {
        failure = e;
      }
      everConnected |= !noConnection(failure);
      long deadline = start + (everConnected ? policy.maxTotal() : policy.maxTotalUnconnected()).toNanos();
      long delay = ThreadLocalRandom.current().nextLong(policy.delayCapNanos(attempt) + 1);
      if (attempt >= policy.maxAttempts() || System.nanoTime() + delay >= deadline) {
        double seconds = (System.nanoTime() - start) / 1e9;
        throw new RemoteUnreachableException(String.format("remote %s is unreachable: %s (%d %s in %.1f s)",
            inner.url(), failure.getMessage(), attempt, attempt == 1 ? "try" : "tries", seconds), failure);
      }
      LOG.log(System.Logger.Level.DEBUG, () -> "retrying after: " + failure.getMessage());
      sleep(delay);
    }
  }

  /**
   * Whether the try never reached a server: refused, unknown host, no route, a connect timeout. The SDKs keep the
   * cause; Apache's and Netty's connect timeouts are known by their class name, as core does not depend on them.
   */
  static boolean noConnection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof HttpConnectTimeoutException
          || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        return true;
      }
    }
    return false;
  }

  private void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatafsException("interrupted while waiting to retry remote " + inner.url());
    }
  }
}
