package io.datafs.fs.fuse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one mount's FUSE callbacks did: calls by operation, bytes read and written, failures by errno. Counted by
 * {@link FuseAdapter} at its one exit ({@code call}), on every callback: {@link LongAdder} increments found by the
 * operation's index, no lookup and nothing allocated (a map lookup by the operation's name cost the small-file
 * repeat pass of the mount bench a few per cent).
 * Every read that reaches here missed the kernel's page cache, so {@code read} counts those misses.
 */
public final class MountCounters {
  /** errno values above this are counted together under it (Linux's are below 134). */
  private static final int MAX_ERRNO = 255;

  private final LongAdder[] calls = new LongAdder[FuseOperation.values().length];
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder[] errors = new LongAdder[MAX_ERRNO + 1];

  public MountCounters() {
    for (int i = 0; i < calls.length; i++) calls[i] = new LongAdder();
    for (int i = 0; i < errors.length; i++) errors[i] = new LongAdder();
  }

  /** A callback {@code op} ended with {@code result}: a negative errno, or (read, write) a byte count. */
  void record(FuseOperation op, int result) {
    calls[op.ordinal()].increment();
    if (result < 0) {
      errors[Math.min(-result, MAX_ERRNO)].increment();
    } else if (op == FuseOperation.READ) {
      bytesRead.add(result);
    } else if (op == FuseOperation.WRITE) {
      bytesWritten.add(result);
    }
  }

  /** Calls by operation, those never called left out, in name order. */
  public Map<String, Long> calls() {
    Map<String, Long> m = new TreeMap<>();
    for (FuseOperation op : FuseOperation.values()) {
      long n = calls[op.ordinal()].sum();
      if (n > 0) m.put(op.label, n);
    }
    return m;
  }

  public long bytesRead() {
    return bytesRead.sum();
  }

  public long bytesWritten() {
    return bytesWritten.sum();
  }

  /** Failed calls by errno value, those that never happened left out. */
  public Map<Integer, Long> errors() {
    Map<Integer, Long> m = new TreeMap<>();
    for (int i = 1; i < errors.length; i++) {
      long n = errors[i].sum();
      if (n > 0) m.put(i, n);
    }
    return m;
  }
}
