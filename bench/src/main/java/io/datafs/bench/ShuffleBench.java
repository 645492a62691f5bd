package io.datafs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shuffled epochs from a cold remote: a stock PyTorch {@code DataLoader(shuffle=True, num_workers=4, batch_size=64)}
 * (shuffle_epochs.py) over 20,000 files of ~100 KB in 8 directories (2,000 when quick), pushed to S3Proxy by datafs
 * and copied there by {@code rclone copy}. Per round, interleaved: the files on disk (page cache warm), a datafs lazy
 * mount from a fresh home, {@code rclone mount --vfs-cache-mode full} with a fresh cache; each reads two epochs, the
 * first cold. Both clients reach S3Proxy through one counting proxy, which counts their requests and bytes per epoch.
 */
final class ShuffleBench {
  static final String PYTHON = "/usr/bin/python3"; // Debian's, which has python3-torch
  private static final String PLAIN = "plain";
  private static final String DATAFS = "datafs";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;

  ShuffleBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
  }

  /** One contender's two epochs: seconds, and requests and bytes on the wire, of each. */
  private record Epochs(double[] seconds, long[] requests, long[] bytes) {
    Epochs() {
      this(new double[2], new long[2], new long[2]);
    }
  }

  void run() throws Exception {
    int files = quick ? 2_000 : 20_000;
    Path data = data(work, files);
    Path script = script(work);
    Path dfsMnt = Mounts.emptyDir(work.resolve("mnt-shuffle-datafs"));
    Path rcloneMnt = Mounts.emptyDir(work.resolve("mnt-shuffle-rclone"));
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
    Closer closer = new Closer();
    List<Epochs> direct = new ArrayList<>();
    List<Epochs> dfs = new ArrayList<>();
    List<Epochs> planned = new ArrayList<>();
    List<Epochs> rc = new ArrayList<>();
    try {
      S3Server s3 = closer.add(S3Server.start(work.resolve("shuffle-s3store")));
      s3.createBucket(PLAIN);
      s3.createBucket(DATAFS);
      DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-shuffle-writer")));
      writer.addRemote("origin", DATAFS, "ds", s3.endpoint());
      writer.run("import", data.toString(), "shuffled", "-m", "bench");
      writer.run("push", "shuffled");
      closer.close(writer);
      new Rclone(work, s3.endpoint()).copy(data, PLAIN, "ds");
      Proc.run(Map.of(), List.of("bash", "-c", "find '" + s3.dir(PLAIN, "ds") + "' '" + s3.dir(DATAFS, "ds")
          + "' '" + data + "' -type f -print0 | xargs -0 cat > /dev/null")); // page cache warm for every side
      CountingProxy proxy = closer.add(new CountingProxy(s3.port()));
      Rclone rclone = new Rclone(work, proxy.endpoint());
      for (int round = 1; round <= (quick ? 2 : 3); round++) {
        direct.add(epochs(script, data, null, null));
        DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-shuffle-reader")));
        home.addRemote("origin", DATAFS, "ds", proxy.endpoint());
        home.mount("shuffled@v1", dfsMnt);
        dfs.add(epochs(script, dfsMnt, proxy, null));
        closer.close(home);
        home = closer.add(new DatafsHome(launcher, work.resolve("home-shuffle-reader")));
        home.addRemote("origin", DATAFS, "ds", proxy.endpoint());
        home.mount("shuffled@v1", dfsMnt);
        planned.add(epochs(script, dfsMnt, proxy, work.resolve("shuffle-plan.txt")));
        closer.close(home);
        Rclone.Mount m = closer.add(rclone.new Mount(PLAIN + "/ds", Mounts.emptyDir(rcloneMnt), Rclone.CacheMode.FULL,
            work.resolve("rclone-cache-shuffle")));
        rc.add(epochs(script, m.dir, proxy, null));
        closer.close(m);
        Bench.log(String.format("shuffle round %d: epoch 1/2 s: direct %.1f/%.1f, datafs %.1f/%.1f, with a read "
            + "plan %.1f/%.1f, rclone full %.1f/%.1f", round, last(direct).seconds[0], last(direct).seconds[1],
            last(dfs).seconds[0], last(dfs).seconds[1], last(planned).seconds[0], last(planned).seconds[1],
            last(rc).seconds[0], last(rc).seconds[1]));
      }
    } finally {
      closer.closeAll();
      Mounts.detach(dfsMnt);
      Mounts.detach(rcloneMnt);
      Proc.runQuietly(List.of("rm", "-rf", work.resolve("rclone-cache-shuffle").toString()));
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
    double direct2 = files / median(direct, 1);
    double dfs1 = files / median(dfs, 0);
    double dfs2 = files / median(dfs, 1);
    double rc1 = files / median(rc, 0);
    double planned1 = files / median(planned, 0);
    double rc2 = files / median(rc, 1);
    report.section(String.format("Shuffled epochs from a cold remote: PyTorch `DataLoader(shuffle=True, num_workers=4, "
        + "batch_size=64)` over %,d files of ~100 KB in 8 dirs on S3Proxy (median of %d interleaved rounds)", files,
        dfs.size()));
    report.row("direct: the files on disk, epoch 2", RemoteBench.rate(direct2, "files/s"), "baseline for epoch 2");
    report.row("rclone mount `--vfs-cache-mode full`, epoch 1 (cold) / epoch 2", RemoteBench.rate(rc1, "files/s")
        + " / " + RemoteBench.rate(rc2, "files/s"), "baseline for epoch 1");
    report.row("datafs lazy mount from a fresh home, epoch 1 (cold)", RemoteBench.rate(dfs1, "files/s"),
        String.format("%.2fx rclone full (goal >= 3%s)", dfs1 / rc1, dfs1 / rc1 >= 3 ? "" : " — missed"));
    report.row("datafs, the sampler's order given as a read plan, epoch 1 (cold)", RemoteBench.rate(planned1,
        "files/s"), String.format("%.2fx rclone full; %.2fx the warm-up's", planned1 / rc1, planned1 / dfs1));
    report.row("datafs, epoch 2", RemoteBench.rate(dfs2, "files/s"),
        String.format("%.2fx direct (goal >= 0.7%s); %.2fx rclone full", dfs2 / direct2,
            dfs2 / direct2 >= 0.7 ? "" : " — missed", dfs2 / rc2));
    report.row("epoch 1 requests / bytes per file: rclone full / datafs / datafs with a read plan",
        String.format("%.2f / %.2f / %.2f, %.0f KB / %.0f KB / %.0f KB", medianOf(rc, e -> e.requests[0]) / files,
        medianOf(dfs, e -> e.requests[0]) / files, medianOf(planned, e -> e.requests[0]) / files,
        medianOf(rc, e -> e.bytes[0]) / files / 1e3, medianOf(dfs, e -> e.bytes[0]) / files / 1e3,
        medianOf(planned, e -> e.bytes[0]) / files / 1e3),
        "counted on the wire; files average 100 KB");
    report.row("epoch 2 requests: rclone full / datafs",
        String.format("%.0f / %.0f", medianOf(rc, e -> e.requests[1]), medianOf(dfs, e -> e.requests[1])), "");
    report.note("Each epoch is one run of `bench/src/main/resources/io/datafs/bench/shuffle_epochs.py` (Debian's "
        + "python3 and python3-torch): the listing (`os.walk`) is not timed, the epoch is the loader's iteration, its "
        + "four worker processes' start included. Epoch 2 reruns the script on the same mount (the kernel's page cache "
        + "and the clients' disk caches as epoch 1 left them). datafs: a fresh `$DATAFS_HOME` with only the remote "
        + "configured; its mount warms the version in pack order once files are opened out of order (ARCHITECTURE.md, "
        + "\"Shuffled reads: the warm-up\"); with a read plan, a fresh home again, and each epoch's sampler draws its "
        + "order, writes it to a file and asks the mount's root for `user.datafs.readplan=FILE` before its loader "
        + "starts, all of it timed (\"Shuffled reads: a read plan\"). rclone: " + RemoteBench.rcloneVersion()
        + ", `--read-only --use-server-modtime`, a fresh `--cache-dir`. Both reach S3Proxy (filesystem store, its "
        + "files in the page cache) through one counting TCP proxy in the bench JVM, which counts requests and bytes; "
        + "S3Proxy, the proxy, the clients and python share this machine's cores. Load average (/proc/loadavg) "
        + "before: " + loadBefore
        + "; after: " + loadAfter + ".");
  }

  /**
   * Two epochs over {@code root}, each a run of the script; counted on {@code proxy} unless null; each given to the
   * mount as a read plan in the file {@code plan} unless null.
   */
  private static Epochs epochs(Path script, Path root, CountingProxy proxy, Path plan) throws Exception {
    Epochs e = new Epochs();
    for (int i = 0; i < 2; i++) {
      if (proxy != null) proxy.reset();
      List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), root.toString(), "1"));
      if (plan != null) cmd.add(plan.toString());
      String output = Proc.run(Map.of(), cmd).output();
      // its last line; torch warns on stderr (more workers than cores) before it
      JsonNode out = JSON.readTree(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(output));
      e.seconds[i] = out.get("epochs").get(0).asDouble();
      if (proxy != null) {
        e.requests[i] = proxy.requests();
        e.bytes[i] = proxy.bytesDown();
      }
    }
    return e;
  }

  /** The bench's data: {@code files} files of ~100 KB in 8 directories, generated once under the work dir. */
  static Path data(Path work, int files) throws Exception {
    Path data = work.resolve("shuffle-" + files);
    Path complete = work.resolve("shuffle-" + files + ".complete"); // beside the data, which every reader lists
    if (!Files.exists(complete)) {
      Proc.runQuietly(List.of("rm", "-rf", data.toString()));
      Bench.log("generating " + files + " files of ~100 KB in 8 directories");
      DataGen.mix(data, files, 100_000, 8, 0, 0);
      Files.writeString(complete, "");
    }
    return data;
  }

  static Path script(Path work) throws Exception {
    Path script = work.resolve("shuffle_epochs.py");
    try (InputStream in = ShuffleBench.class.getResourceAsStream("shuffle_epochs.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  private static Epochs last(List<Epochs> xs) {
    return xs.get(xs.size() - 1);
  }

  private static double median(List<Epochs> xs, int epoch) {
    return Bench.median(xs.stream().map(e -> e.seconds[epoch]).toList());
  }

  private static double medianOf(List<Epochs> xs, java.util.function.ToLongFunction<Epochs> f) {
    return Bench.median(xs.stream().map(e -> (double) f.applyAsLong(e)).toList());
  }
}
