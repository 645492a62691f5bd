package io.datafs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writable mounts: commit time for one changed file in a 1M-entry version (against a 10k-entry one), commit of
 * 10k new ~100 KB files (against importing the same folder), sequential writes into the overlay (against direct
 * writes to the same disk), and the time from a commit returning to its version being mounted read-only and read.
 * Every time is the wall time of the real `datafs` commands, the client's JVM start (~0.45 s) included.
 */
final class WritableBench {
  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;
  private final Path home;
  private final Map<String, String> env;
  private final Path rw;
  private final Path ro;

  WritableBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
    this.home = this.work.resolve("home-writable");
    this.env = Map.of("DATAFS_HOME", home.toString());
    this.rw = this.work.resolve("mnt-rw");
    this.ro = this.work.resolve("mnt-ro");
  }

  void run() throws Exception {
    try {
      prepare();
      oneChangedFile();
      manyNewFiles();
      sequentialWrite();
    } finally {
      Proc.runQuietly(List.of("umount", "-l", rw.toString()));
      Proc.runQuietly(List.of("umount", "-l", ro.toString()));
      try {
        datafs("daemon", "stop");
      } catch (Exception e) {
        Bench.log("stopping the daemon: " + e.getMessage());
      }
    }
  }

  private void prepare() throws Exception {
    if (Files.exists(home)) Proc.runQuietly(List.of("rm", "-rf", home.toString()));
    Files.createDirectories(rw);
    Files.createDirectories(ro);
    Path small = Bench.flatData(work, 10_000);
    Path huge = Bench.flatData(work, quick ? 100_000 : 1_000_000);
    datafs("import", small.toString(), "small", "-m", "bench");
    datafs("import", huge.toString(), "huge", "-m", "bench");
  }

  /** Commit of one overwritten file in a flat 10k- and 1M-entry version: median of 3 each. */
  private void oneChangedFile() throws Exception {
    double[] median = new double[2];
    String[] names = {"small", "huge"};
    int[] sizes = {10_000, quick ? 100_000 : 1_000_000};
    for (int i = 0; i < 2; i++) {
      datafs("mount", names[i], rw.toString(), "--writable");
      List<Double> times = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        Files.writeString(rw.resolve(String.format("f%07d.txt", sizes[i] / 2)), "changed " + round + "\n");
        times.add(time("commit", rw.toString(), "-m", "one file"));
      }
      datafs("umount", rw.toString());
      median[i] = Bench.median(times);
    }
    report.section("Writable mount: commit of one changed file (`datafs commit`, wall time, median of 3)");
    report.row("in a flat 10,000-entry version", ms(median[0]), "baseline");
    report.row(String.format("in a flat %,d-entry version", sizes[1]), ms(median[1]),
        String.format("%.2fx the 10k one (goal: proportional to the change, not the version)", median[1] / median[0]));
  }

  /** 10k new ~100 KB files copied into the mount, then committed; against importing as many other new files. */
  private void manyNewFiles() throws Exception {
    int n = quick ? 1_000 : 10_000;
    Path src = newFiles(n, 11);
    Path other = newFiles(n, 12); // the import's own content, so neither side finds its chunks stored already
    datafs("mount", "small", rw.toString(), "--writable");
    double copy = Proc.time(Map.of(), List.of("cp", "-r", src.toString(), rw.resolve("new").toString()));
    double commit = time("commit", rw.toString(), "-m", n + " new files");
    String version = latest("small");
    long start = System.nanoTime();
    datafs("mount", version, ro.toString());
    readAll(ro.resolve(String.format("new/n%05d.bin", n - 1)));
    double readable = (System.nanoTime() - start) / 1e9;
    datafs("umount", ro.toString());
    datafs("umount", rw.toString());
    double imported = time("import", other.toString(), "plain", "-m", "as many other files");
    report.section(String.format("Writable mount: %,d new files of 100 KB (%.1f GB)", n, n * 100_000 / 1e9));
    report.row("`datafs import` of a folder of as many other new files", secs(imported), "baseline");
    report.row("`cp -r` into the writable mount", secs(copy), String.format("%.0f MB/s", n * 0.1 / copy));
    report.row("`datafs commit` of them", secs(commit), String.format("%.2fx import", commit / imported));
    report.row("from the commit returning to its version mounted read-only and a new file read", ms(readable),
        "`datafs mount " + version
        + "` + `cat`; the writable mount itself serves the new version before commit returns");
  }

  /**
   * dd of 1 GiB (256 MiB quick) of random bytes with conv=fsync: into the overlay and into a folder on the same disk.
   */
  private void sequentialWrite() throws Exception {
    long size = quick ? 256L << 20 : 1L << 30;
    Path source = work.resolve("write-source.bin");
    if (!Files.exists(source) || Files.size(source) != size) DataGen.write(source, new SplittableRandom(3), size);
    readAll(source); // in the page cache for both
    Path direct = Files.createDirectories(work.resolve("direct-writes")).resolve("out.bin");
    datafs("mount", "small", rw.toString(), "--writable");
    double bestDirect = Double.MAX_VALUE;
    double bestMount = Double.MAX_VALUE;
    for (int round = 0; round < 2; round++) {
      Files.deleteIfExists(direct);
      bestDirect = Math.min(bestDirect, dd(source, direct));
      Files.deleteIfExists(rw.resolve("seq.bin"));
      bestMount = Math.min(bestMount, dd(source, rw.resolve("seq.bin")));
    }
    datafs("umount", rw.toString());
    Files.deleteIfExists(direct);
    double mb = size / 1e6;
    report.section(
        String.format("Writable mount: sequential write of %d MiB (`dd bs=1M conv=fsync`, best of 2)", size >> 20));
    report.row("direct into a folder on the same disk", String.format("%.0f MB/s", mb / bestDirect), "baseline");
    report.row("into the writable mount's overlay", String.format("%.0f MB/s", mb / bestMount),
        String.format("%.2fx direct", bestDirect / bestMount));
  }

  private Path newFiles(int n, int seed) throws Exception {
    Path dir = work.resolve("new-" + n + "x100k-" + seed);
    if (!Files.exists(dir.resolve(String.format("n%05d.bin", n - 1)))) {
      Bench.log("generating " + n + " files of 100 KB");
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int i = 0; i < n; i++) DataGen.write(dir.resolve(String.format("n%05d.bin", i)), rnd, 100_000);
    }
    return dir;
  }

  private static void readAll(Path file) throws Exception {
    Proc.time(Map.of(), List.of("dd", "if=" + file, "of=/dev/null", "bs=1M", "status=none"));
  }

  private static double dd(Path from, Path to) throws Exception {
    return Proc.time(Map.of(), List.of("dd", "if=" + from, "of=" + to, "bs=1M", "conv=fsync"));
  }

  private String latest(String ds) throws Exception {
    String out = Proc.run(env, List.of(launcher.toString(), "log", ds)).output();
    return ds + "@" + out.lines().findFirst().orElseThrow().split("\\s+")[0];
  }

  private void datafs(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    Proc.run(env, cmd);
  }

  private double time(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    return Proc.time(env, cmd);
  }

  private static String ms(double seconds) {
    return String.format("%.0f ms", seconds * 1000);
  }

  private static String secs(double seconds) {
    return String.format("%.1f s", seconds);
  }
}
