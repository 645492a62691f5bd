package io.datafs.cli.output;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Paces a long listing: flushes its first line at once (a reader sees it without waiting for the rest), then at most
 * 10 times a second, and tells when the reader is gone ({@code datafs ls ... | head}), so that a listing of a million
 * entries is not walked to its end for nobody.
 */
public final class LinePacer {
  private static final long FLUSH_EVERY_NANOS = 100_000_000L;
  private final PrintStream out;
  private final LongSupplier clock;
  private long lines;
  private long flushedAt;

  public LinePacer(PrintStream out) {
    this(out, System::nanoTime);
  }

  LinePacer(PrintStream out, LongSupplier clock) {
    this.out = out;
    this.clock = clock;
  }

  /** After a line was printed: false once the reader is gone (found at a flush). */
  public boolean printed() {
    long now = clock.getAsLong();
    if (++lines > 1 && now - flushedAt < FLUSH_EVERY_NANOS) return true;
    flushedAt = now;
    return !out.checkError(); // flushes, then tells whether a write failed
  }

  /** As {@link #printed}, for a walk that can only be stopped by a throw: throws {@link ReaderGone}. */
  public void printedOrStop() {
    if (!printed()) throw new ReaderGone();
  }

  /** The listing's reader is gone: stop the walk; nothing is wrong. */
  public static final class ReaderGone extends RuntimeException {
    ReaderGone() {
      super("the reader of the listing is gone", null, false, false);
    }
  }
}
