package io.datafs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datafs.core.repo.Change;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.metadata.RocksKvStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The benchmark suite. Every figure is a ratio against a baseline measured side by side in the same run,
 * because these machines are shared and noisy. Usage: {@code Bench --work DIR --report FILE [--quick]}.
 */
public final class Bench {
  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;

  private Bench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work;
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
  }

  /**
   * {@code --only import,commit,mount} runs those blocks only and merges them into the existing report, keeping
   * the others; without it every block runs and the report is written afresh.
   */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(arg(args, "--work", "/tmp/datafs-bench"));
    Path reportFile = Path.of(arg(args, "--report", "bench/report.md"));
    Path launcher = Path.of(arg(args, "--datafs", "bin/datafs")).toAbsolutePath();
    boolean quick = Arrays.asList(args).contains("--quick");
    String only = arg(args, "--only", "");
    List<String> all = List.of("import", "commit", "mount", "writable", "remote", "compose", "registry",
        "prefetch", "gc", "scale", "lazy", "shuffle", "nodes");
    List<String> blocks = only.isEmpty() ? all : List.of(only.split(","));
    for (String b : blocks) {
      if (!all.contains(b)) {
        throw new IllegalArgumentException("--only: no block " + b);
      }
    }
    Report report = new Report(quick, !only.isEmpty());
    Bench b = new Bench(work, launcher, quick, report);
    if (blocks.contains("import")) {
      report.block("import");
      b.importThroughput();
    }
    if (blocks.contains("commit")) {
      report.block("commit");
      b.commitInHugeDirectory();
    }
    if (blocks.contains("mount")) {
      report.block("mount");
      new MountBench(work, launcher, quick, report, Arrays.asList(args).contains("--reuse-home")).run();
    }
    if (blocks.contains("writable")) {
      report.block("writable");
      new WritableBench(work, launcher, quick, report).run();
    }
    if (blocks.contains("remote")) {
      report.block("remote");
      new RemoteBench(work, launcher, quick, report, Arrays.asList(args).contains("--push-only")).run();
    }
    if (blocks.contains("compose")) {
      report.block("compose");
      new ComposeBench(work, launcher, quick, report).run();
    }
    if (blocks.contains("prefetch")) {
      report.block("prefetch");
      new PrefetchBench(work, launcher, quick, report).run();
    }
    if (blocks.contains("registry")) {
      report.block("registry");
      new RegistryGetBench(work, launcher, quick, report).run();
      new RegistryTableBench(work, launcher, quick, report).run();
    }
    if (blocks.contains("gc")) {
      report.block("gc");
      new GcBench(work, launcher, quick, report, Double.parseDouble(arg(args, "--gc-gb", "0"))).run();
      new RemoteGcBench(work, launcher, quick, report, Integer.parseInt(arg(args, "--gc-remote-packs", "0"))).run();
    }
    if (blocks.contains("scale")) {
      report.block("scale");
      new ScaleBench(work, launcher, quick, report, Long.parseLong(arg(args, "--scale-files", "0"))).run();
    }
    if (blocks.contains("lazy")) {
      report.block("lazy");
      new LazyBench(work, launcher, quick, report).run();
    }
    if (blocks.contains("shuffle")) {
      report.block("shuffle");
      new ShuffleBench(work, launcher, quick, report).run();
    }
    if (blocks.contains("nodes")) {
      report.block("nodes");
      new NodesBench(work, launcher, quick, report).run();
    }
    report.write(reportFile);
    System.out.println(Files.readString(reportFile));
  }

  /** The mix: {@code files} files of ~100 KB in 8 directories and 4 big files, generated once under the work dir. */
  static Path mixData(Path work, boolean quick) throws IOException {
    Path data = work.resolve("mix");
    int files = quick ? 2_000 : 20_000;
    long big = quick ? 32L << 20 : 256L << 20;
    if (!Files.exists(data.resolve(".complete"))) {
      Files.createDirectories(data);
      log("generating " + files + " files of ~100 KB and 4 files of " + (big >> 20) + " MiB");
      DataGen.mix(data, files, 100_000, 8, 4, big);
      Files.writeString(data.resolve(".complete"), "");
    }
    return data;
  }

  /**
   * One file of random bytes (1 GiB, 64 MiB when quick), generated once under the work dir for the blocks reading it.
   */
  static Path bigFile(Path work, boolean quick) throws IOException {
    long size = quick ? 64L << 20 : 1L << 30;
    Path file = work.resolve(quick ? "big-64m" : "big-1g").resolve("data.bin");
    if (!Files.exists(file) || Files.size(file) != size) {
      log("generating one file of " + (size >> 20) + " MiB");
      DataGen.write(file, new SplittableRandom(7), size);
    }
    return file;
  }

  /** A flat directory of {@code n} tiny files, generated once under the work dir. */
  static Path flatData(Path work, int n) throws IOException {
    Path dir = work.resolve(n == 1_000 ? "flat-1k" : "flat-" + n);
    if (!Files.exists(dir.resolve(String.format("f%07d.txt", n - 1)))) {
      log("generating a flat directory of " + n + " files");
      DataGen.flat(dir, n);
    }
    return dir;
  }

  /** Import MB/s against sha256sum and restic on the same mix; dedup of a re-import and a one-byte change. */
  private void importThroughput() throws Exception {
    Path data = mixData(work, quick);
    int files = quick ? 2_000 : 20_000;
    long big = quick ? 32L << 20 : 256L << 20;
    long bytes = totalBytes(data);
    sh("cat all files once so every contender starts with a warm page cache",
        "bash", "-c", "find '" + data + "' -type f -print0 | xargs -0 cat > /dev/null");

    double sha = Double.MAX_VALUE, dfs = Double.MAX_VALUE, restic = Double.MAX_VALUE;
    long rss = 0;
    Path home = null;
    for (int round = 0; round < 2; round++) {
      sha = Math.min(sha, Proc.run(Map.of(), List.of("bash", "-c",
          "find '" + data + "' -type f -print0 | xargs -0 sha256sum > /dev/null")).seconds());
      home = fresh("home-mix");
      Proc.Run d = datafsInFreshDaemon(home, "import", data.toString(), "mix", "-m", "bench");
      dfs = Math.min(dfs, d.seconds());
      rss = Math.max(rss, d.peakRssBytes());
      Path repo = fresh("restic-repo");
      Map<String, String> env = Map.of("RESTIC_PASSWORD", "bench", "RESTIC_REPOSITORY", repo.toString());
      Proc.run(env, List.of("restic", "init", "-q"));
      restic = Math.min(restic, Proc.run(env, List.of("restic", "backup", "-q", data.toString())).seconds());
      log(String.format("round %d: sha256sum %.2fs, datafs %.2fs, restic %.2fs", round + 1, sha, dfs, restic));
    }
    double mb = bytes / 1e6;
    report.section("Import throughput (" + String.format("%,d", files) + " files of ~100 KB in 8 dirs + 4 x "
        + (big >> 20) + " MiB; " + String.format("%.2f GB", bytes / 1e9) + ", page cache warm, best of 2)");
    report.row("sha256sum (1 process)", String.format("%.0f MB/s", mb / sha), "baseline");
    report.row("datafs import", String.format("%.0f MB/s", mb / dfs),
        String.format("%.2fx sha256sum (goal >= 0.8)", sha / dfs));
    report.row("restic backup", String.format("%.0f MB/s", mb / restic),
        String.format("datafs is %.2fx restic (goal > 1)", restic / dfs));
    report.row("datafs import peak RSS (the daemon, which does the work)", mib(rss), "");

    Map<String, String> env = Map.of("DATAFS_HOME", home.toString());
    JsonNode same =
        json(Proc.run(env, List.of(launcher.toString(), "import", data.toString(), "mix", "--json")).output());
    Path shard = data.resolve("big/shard_0.bin");
    flipByte(shard, Files.size(shard) / 2);
    JsonNode oneByte =
        json(Proc.run(env, List.of(launcher.toString(), "import", data.toString(), "mix", "--json")).output());
    stopDaemon(home);
    flipByte(shard, Files.size(shard) / 2);
    report.section("Dedup");
    report.row("re-import, nothing changed", bytesOf(same.get("storedBytesAdded").asLong()) + " stored",
        "goal: 0 chunk bytes");
    report.row("one byte changed in a " + (big >> 20) + " MiB file",
        bytesOf(oneByte.get("storedBytesAdded").asLong()) + " stored", "goal: a few MiB");
  }

  /** Committing one changed file into a 1M-entry directory against a 1k-entry one; RSS of the 1M import. */
  private void commitInHugeDirectory() throws Exception {
    int hugeCount = quick ? 100_000 : 1_000_000;
    Path small = flatData(work, 1_000);
    Path huge = flatData(work, hugeCount);
    Path home = fresh("home-flat");
    Map<String, String> env = Map.of("DATAFS_HOME", home.toString());
    datafsInFreshDaemon(home, "import", small.toString(), "small");
    Proc.Run big = datafsInFreshDaemon(home, "import", huge.toString(), "huge");

    Path changed = work.resolve("changed.txt");
    List<Double> smallTimes = new ArrayList<>();
    List<Double> hugeTimes = new ArrayList<>();
    try (Repository repo = Repository.open(home, dir -> RocksKvStore.open(dir, Duration.ofSeconds(10)))) {
      for (int i = 0; i < 7; i++) {
        Files.writeString(changed, "changed " + i + "\n");
        smallTimes.add(commitOne(repo, "small", "f0000500.txt", changed));
        hugeTimes.add(commitOne(repo, "huge", String.format("f%07d.txt", hugeCount / 2), changed));
      }
    }
    double s = median(smallTimes.subList(2, smallTimes.size()));
    double h = median(hugeTimes.subList(2, hugeTimes.size()));
    report.section("Commit one changed file into a flat directory (in-process, median of 5 after 2 warm-ups)");
    report.row("1k entries", String.format("%.2f ms", s * 1e3), "baseline");
    report.row(String.format("%,d entries", hugeCount), String.format("%.2f ms", h * 1e3),
        String.format("%.2fx (goal <= 3)", h / s));
    report.section("Import of " + String.format("%,d", hugeCount) + " small files in one directory");
    report.row("time", String.format("%.1f s (%.0f files/s)", big.seconds(), hugeCount / big.seconds()), "");
    report.row("peak RSS", mib(big.peakRssBytes()),
        "heap capped at 1 GiB by bin/datafs; grows only with the largest directory's names");
  }

  /**
   * Runs one datafs command in a daemon started for it, then stops that daemon: the time includes the
   * daemon's start (as the CLI's own start did before there was a daemon), the peak RSS is the daemon's.
   */
  private Proc.Run datafsInFreshDaemon(Path home, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    Proc.Run r = Proc.run(Map.of("DATAFS_HOME", home.toString()), cmd);
    long daemonPeak = Proc.peakRss(Long.parseLong(Files.readString(home.resolve("daemon.pid")).strip()));
    stopDaemon(home);
    return new Proc.Run(r.seconds(), daemonPeak, r.output());
  }

  private void stopDaemon(Path home) throws Exception {
    Proc.run(Map.of("DATAFS_HOME", home.toString()), List.of(launcher.toString(), "daemon", "stop"));
  }

  private static double commitOne(Repository repo, String ds, String path, Path content) {
    DatasetName name = new DatasetName(ds);
    long head = repo.resolve(ds).record().number();
    TreeMap<String, Change> changes = new TreeMap<>();
    changes.put(path, new Change.PutFile(content, 0644, System.currentTimeMillis() * 1_000_000L));
    long t = System.nanoTime();
    repo.commit(name, head, changes, new ImportOptions("bench", "bench", Map.of()));
    return (System.nanoTime() - t) / 1e9;
  }

  private Path fresh(String name) throws IOException, InterruptedException {
    Path p = work.resolve(name);
    if (Files.exists(p)) Proc.runQuietly(List.of("rm", "-rf", p.toString()));
    Files.createDirectories(p);
    return p;
  }

  private static void sh(String why, String... cmd) throws Exception {
    log(why);
    Proc.run(Map.of(), List.of(cmd));
  }

  private static long totalBytes(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void flipByte(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xff);
    }
  }

  private static JsonNode json(String out) throws IOException {
    return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  static String mib(long bytes) {
    return String.format("%.0f MiB", bytes / 1048576.0);
  }

  private static String bytesOf(long bytes) {
    return bytes < 1 << 20 ? String.format("%,d B", bytes) : String.format("%.2f MiB", bytes / 1048576.0);
  }

  /** The value of the last {@code name} given: scripts/bench.sh passes its defaults before the caller's arguments. */
  static String arg(String[] args, String name, String dflt) {
    for (int i = args.length - 2; i >= 0; i--) if (args[i].equals(name)) return args[i + 1];
    return dflt;
  }

  static void log(String s) {
    System.err.println("bench: " + s);
  }
}
