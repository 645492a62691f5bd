package io.datafs.cli.output;

import io.datafs.core.ingest.ImportProgress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress display on stderr, redrawn a few times a second, shown only when stderr is a terminal
 * (a pipe or a log file gets nothing). The total is counted by a background walk, so the percentage appears
 * once that walk is done.
 */
public final class ProgressBar implements ImportProgress, AutoCloseable {
  private final PrintStream err;
  private final String label;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong totalBytes = new AtomicLong(-1);
  private final long start = System.nanoTime();
  private final ScheduledExecutorService ticker;

  private ProgressBar(PrintStream err, String label, Path source) {
    this.err = err;
    this.label = label;
    // Two threads: the size walk must not hold up the redraws.
    this.ticker = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "datafs-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.execute(() -> totalBytes.set(SizeWalk.total(source)));
    ticker.scheduleAtFixedRate(this::draw, 0, 250, TimeUnit.MILLISECONDS);
  }

  /** A bar when the client's stderr is a terminal, otherwise a listener that shows nothing. */
  public static ImportProgress forImport(String label, Path source, io.datafs.cli.Session session) {
    return session.stderrIsTerminal() ? new ProgressBar(session.err(), label, source) : ImportProgress.NONE;
  }

  public static void close(ImportProgress p) {
    if (p instanceof ProgressBar bar) bar.close();
  }

  @Override
  public void fileDone(long size) {
    files.incrementAndGet();
    bytes.addAndGet(size);
  }

  private synchronized void draw() {
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    long b = bytes.get();
    long total = totalBytes.get();
    String pct = total > 0 ? String.format("%3d%% ", Math.min(100, b * 100 / total)) : "";
    err.print("\r\033[K" + label + " " + pct + Format.bytes(b) + (total > 0 ? " / " + Format.bytes(total) : "")
        + ", " + Format.count(files.get()) + " files, " + Format.bytes((long) (b / secs)) + "/s");
    err.flush();
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    err.print("\r\033[K");
    err.flush();
  }

  /** isatty(2) without native code: on Linux, fd 2 of a terminal links to a tty device. */
  public static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }
}
