package io.datafs.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a command to completion, timing it and sampling the peak resident memory of its process tree. */
final class Proc {
  record Run(double seconds, long peakRssBytes, String output) {}

  /** A command's standard output as it came: wall time, time to its first line (NaN: none), number of lines. */
  record Lines(double seconds, double firstLine, long count) {}

  private Proc() {}

  static Run run(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    File log = File.createTempFile("bench", ".log");
    pb.redirectOutput(log);
    long start = System.nanoTime();
    Process p = pb.start();
    long peak = 0;
    while (p.isAlive()) {
      peak = Math.max(peak, treeRss(p.toHandle()));
      p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    double secs = (System.nanoTime() - start) / 1e9;
    String out = new String(Files.readAllBytes(log.toPath()),
        java.nio.charset.StandardCharsets.UTF_8); // binary output must not fail a timing
    log.delete();
    if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    return new Run(secs, peak, out);
  }

  /** {@link #run} without sampling memory, for timings that /proc polling would disturb; output is discarded. */
  static double time(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    File log = File.createTempFile("bench", ".log");
    pb.redirectOutput(log);
    long start = System.nanoTime();
    int status = pb.start().waitFor();
    double secs = (System.nanoTime() - start) / 1e9;
    String out = new String(Files.readAllBytes(log.toPath()),
        java.nio.charset.StandardCharsets.UTF_8); // binary output must not fail a timing
    log.delete();
    if (status != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    return secs;
  }

  /**
   * Runs a command reading its standard output as it comes, and discarding it (as {@code > /dev/null} would, but
   * timing the first line); standard error goes to a file, shown if the command fails.
   */
  static Lines lines(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    File err = File.createTempFile("bench", ".err");
    pb.redirectError(err);
    long start = System.nanoTime();
    Process p = pb.start();
    long first = -1;
    long count = 0;
    byte[] buf = new byte[1 << 16];
    try (var in = p.getInputStream()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') continue;
          if (count++ == 0) first = System.nanoTime();
        }
      }
    }
    int status = p.waitFor();
    long end = System.nanoTime();
    String errors = Files.readString(err.toPath(), java.nio.charset.StandardCharsets.UTF_8);
    err.delete();
    if (status != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + errors);
    return new Lines((end - start) / 1e9, first < 0 ? Double.NaN : (first - start) / 1e9, count);
  }

  static void runQuietly(List<String> cmd) throws IOException, InterruptedException {
    new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }

  /** VmHWM (peak RSS) of a process plus its descendants, from /proc. */
  private static long treeRss(ProcessHandle h) {
    long sum = hwm(h.pid());
    for (ProcessHandle c : h.descendants().toList()) sum += hwm(c.pid());
    return sum;
  }

  /** The peak resident memory (VmHWM) of a running process so far. */
  static long peakRss(long pid) {
    return hwm(pid);
  }

  private static long hwm(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException | RuntimeException e) {
      // the process ended between two samples
    }
    return 0;
  }
}
