package io.datafs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 15's {@code datafs table} of a 1M-file version: the mount block's flat folder of a million tiny files imported
 * once ({@code --no-index}) into a fresh home, then {@code datafs table flat@v1 -o FILE} in CSV and in JSON lines, 3
 * runs each: rows/s, and the peak RSS of the daemon, which reads the version and writes the file, and of the client,
 * which only relays its one line. The home is deleted at the end; the folder is kept for the next run.
 */
final class RegistryTableBench {
  private static final String DATASET = "flat";
  private static final int ROUNDS = 3;
  private static final List<String> FORMATS = List.of("csv", "jsonl");

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;

  RegistryTableBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
  }

  /** One format's runs: the median wall time, the peak RSS of the daemon (over all runs) and of the clients. */
  private record Timed(String format, double seconds, long daemonPeakRss, long clientPeakRss, long tableBytes) {}

  void run() throws Exception {
    int files = quick ? 10_000 : 1_000_000;
    Path flat = Bench.flatData(work, files);
    List<Timed> timed = new ArrayList<>();
    double importSeconds;
    Closer closer = new Closer();
    Thread hook = new Thread(closer::closeAll, "bench-registry-table-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      closer.add(() -> {
        for (String format : FORMATS) Files.deleteIfExists(output(format));
      });
      DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-registry-table")));
      Bench.log(String.format("importing %,d files (--no-index)", files));
      importSeconds = home.run("import", flat.toString(), DATASET, "-m", "bench", "--no-index").seconds();
      home.stopDaemon(); // each format starts its own, so its peak RSS is the table's alone
      for (String format : FORMATS) timed.add(table(home, format, files));
    } finally {
      closer.closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs (and finds nothing left to do)
      }
    }
    report.section(String.format("Registry: `datafs table %s@v1 -o FILE` of a version of %,d files (the mount block's "
        + "flat folder; median of %d runs)", DATASET, files, ROUNDS));
    for (Timed t : timed) {
      report.row("`--format " + t.format + "`", String.format("%,.0f rows/s (%.1f s, %s written)", files / t.seconds,
          t.seconds, RemoteFetchBench.bytes(t.tableBytes)), "");
      report.row("... peak RSS: the daemon / the client", Bench.mib(t.daemonPeakRss) + " / "
          + Bench.mib(t.clientPeakRss), "heap capped at 1 GiB by bin/datafs");
    }
    report.note(String.format("`datafs table` runs in the daemon, which reads the version's tree pages and writes the "
        + "table to a temporary file beside FILE, renamed at the end; the client sends the command and prints the "
        + "daemon's one line. Rows/s is the version's files over the command's wall time, the client's JVM start "
        + "included. Each format runs in a daemon started for it (untimed, before its first run), so the daemon's peak "
        + "RSS (VmHWM, read after its %d runs) is the table's; the store's files are read, untimed, before each run "
        + "(page cache warm). Each table is checked to hold a row per file. The version was imported with "
        + "`--no-index` in %.0f s, not part of the figures.", ROUNDS, importSeconds));
  }

  private Timed table(DatafsHome home, String format, int files) throws Exception {
    home.run("daemon");
    long daemonPid = Long.parseLong(Files.readString(home.home.resolve("daemon.pid")).strip());
    Path out = output(format);
    List<Double> seconds = new ArrayList<>();
    long clientPeak = 0;
    long tableBytes = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      Proc.run(Map.of(), List.of("bash", "-c", "find \"$1\" -type f -print0 | xargs -0 cat > /dev/null", "bash",
          home.home.toString()));
      Proc.Run r = home.run("table", DATASET + "@v1", "--format", format, "-o", out.toString());
      long rows = lines(out) - (format.equals("csv") ? 1 : 0);
      if (rows != files) {
        throw new IllegalStateException("datafs table --format " + format + " wrote " + rows + " rows, not " + files);
      }
      tableBytes = Files.size(out);
      Files.delete(out);
      seconds.add(r.seconds());
      clientPeak = Math.max(clientPeak, r.peakRssBytes());
      Bench.log(String.format("table --format %s round %d: %.2f s", format, round, r.seconds()));
    }
    long daemonPeak = Proc.peakRss(daemonPid);
    home.stopDaemon();
    return new Timed(format, Bench.median(seconds), daemonPeak, clientPeak, tableBytes);
  }

  private Path output(String format) {
    return work.resolve("registry-table." + format);
  }

  /** The lines of a file (a table's rows: its paths hold no line breaks here). */
  private static long lines(Path file) throws IOException {
    long n = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int k; (k = in.read(buf)) > 0; ) {
        for (int i = 0; i < k; i++) if (buf[i] == '\n') n++;
      }
    }
    return n;
  }
}
