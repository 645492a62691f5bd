package io.datafs.cli.output;

import io.datafs.cli.Session;
import io.datafs.core.sync.TransferProgress;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Packs moving to or from a remote, as one line on a terminal's stderr (like import's bar); nothing otherwise. */
public final class TransferBar implements TransferProgress, AutoCloseable {
  private final PrintStream err;
  private final String label;
  private final String unit;
  private final AtomicLong packs = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile long totalPacks = -1;
  private volatile long totalBytes;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "datafs-progress");
    t.setDaemon(true);
    return t;
  });

  private TransferBar(PrintStream err, String label, String unit) {
    this.err = err;
    this.label = label;
    this.unit = unit;
    ticker.scheduleAtFixedRate(this::draw, 250, 250, TimeUnit.MILLISECONDS);
  }

  public static TransferProgress of(String label, Session session) {
    return of(label, "packs", session);
  }

  /** Counting {@code unit} (packs, requests) where {@link TransferProgress} says packs. */
  public static TransferProgress of(String label, String unit, Session session) {
    return session.stderrIsTerminal() ? new TransferBar(session.err(), label, unit) : TransferProgress.NONE;
  }

  public static void close(TransferProgress p) {
    if (p instanceof TransferBar bar) bar.close();
  }

  @Override
  public void start(int packs, long bytes) {
    totalBytes = bytes;
    totalPacks = packs;
  }

  @Override
  public void packDone(long size) {
    packs.incrementAndGet();
    bytes.addAndGet(size);
  }

  private synchronized void draw() {
    if (totalPacks <= 0) return;
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    long b = bytes.get();
    String pct = totalBytes > 0 ? String.format("%3d%% ", Math.min(100, b * 100 / totalBytes)) : "";
    err.print("\r\033[K" + label + " " + pct + Format.bytes(b) + " / " + Format.bytes(totalBytes) + ", "
        + packs.get() + "/" + totalPacks + " " + unit + ", " + Format.bytes((long) (b / secs)) + "/s");
    err.flush();
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    if (totalPacks > 0) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
