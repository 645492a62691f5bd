package io.datafs.core.remote;

import java.time.Duration;

/**
 * How {@link RetryingRemote} retries: at most {@code maxAttempts} tries, waiting a random time (full jitter)
 * up to {@code baseDelay * 2^n}, capped at {@code maxDelay}, and no new try once {@code maxTotal} has passed
 * since the first, so an unreachable remote is reported within about {@code maxTotal} plus one try's timeout.
 * While no try has even reached the server (connection refused, unknown host, no route: nothing listens there, a
 * stopped server, a wrong name, no network) the budget is {@code maxTotalUnconnected}: a server that answers
 * nothing is reported in seconds, while one that answers with errors (5xx, resets) gets the longer budget.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal,
                          Duration maxTotalUnconnected) {
  /** Six tries within ten seconds; within three while no connection can be made. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(3));

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt: " + maxAttempts);
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || maxTotal.isNegative()
        || maxTotalUnconnected.isNegative() || maxTotalUnconnected.compareTo(maxTotal) > 0) {
      throw new IllegalArgumentException("inconsistent retry delays");
    }
  }

  /** A policy whose unconnected budget is its whole budget (tests that inject faults of every kind alike). */
  public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {
    this(maxAttempts, baseDelay, maxDelay, maxTotal, maxTotal);
  }

  /** The longest wait before try number {@code attempt + 1} (attempt counts from 1). */
  long delayCapNanos(int attempt) {
    long base = baseDelay.toNanos();
    int shift = Math.min(attempt - 1, 30);
    long cap = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
    return Math.min(cap, maxDelay.toNanos());
  }
}
