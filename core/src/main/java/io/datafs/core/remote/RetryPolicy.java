package io.datafs.core.remote;

import java.time.Duration;

/**
 * How {@link RetryingRemote} retries: at most {@code maxAttempts} tries, waiting a random time (full jitter)
 * up to {@code baseDelay * 2^n}, capped at {@code maxDelay}, and no new try once {@code maxTotal} has passed
 * since the first, so an unreachable remote is reported within about {@code maxTotal} plus one try's timeout.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {
  /** Six tries within ten seconds. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10));

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt: " + maxAttempts);
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || maxTotal.isNegative()) {
      throw new IllegalArgumentException("inconsistent retry delays");
    }
  }

  /** The longest wait before try number {@code attempt + 1} (attempt counts from 1). */
  long delayCapNanos(int attempt) {
    long base = baseDelay.toNanos();
    int shift = Math.min(attempt - 1, 30);
    long cap = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
    return Math.min(cap, maxDelay.toNanos());
  }
}
