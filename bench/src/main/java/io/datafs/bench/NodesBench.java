package io.datafs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many nodes, one remote: {@value #NODES} datafs homes (four daemons, four chunk caches, four mounts: on one machine
 * they stand in for four nodes) read one version from one S3Proxy at once, against one home alone and against
 * {@value #NODES} {@code rclone mount --vfs-cache-mode full} at once. Each reader is {@code find | sort | xargs cat}
 * over the mount (directory order, as a loader without shuffle reads). All reach S3Proxy through one counting proxy:
 * requests per file must stay one node's set per node, however many read.
 */
final class NodesBench {
  static final int NODES = 4;
  private static final String PLAIN = "plain";
  private static final String DATAFS = "datafs";
  private static final String READ = "cd \"$1\" && find . -type f -print0 | sort -z | xargs -0 cat > /dev/null";

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;

  NodesBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
  }

  /** One pass of some readers at once: its wall time, and the requests and bytes the server answered. */
  private record Pass(double seconds, long requests, long bytes) {}

  void run() throws Exception {
    int files = quick ? 1_000 : 5_000;
    Path data = ShuffleBench.data(work, files);
    long bytes = 0;
    try (var s = Files.walk(data)) {
      bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
    List<Path> mnts = new ArrayList<>();
    for (int i = 0; i < NODES; i++) mnts.add(Mounts.emptyDir(work.resolve("mnt-node-" + i)));
    Closer closer = new Closer();
    List<Pass> one = new ArrayList<>();
    List<Pass> four = new ArrayList<>();
    List<Pass> rclones = new ArrayList<>();
    try {
      S3Server s3 = closer.add(S3Server.start(work.resolve("nodes-s3store")));
      s3.createBucket(PLAIN);
      s3.createBucket(DATAFS);
      DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-nodes-writer")));
      writer.addRemote("origin", DATAFS, "ds", s3.endpoint());
      writer.run("import", data.toString(), "shared", "-m", "bench");
      writer.run("push", "shared");
      closer.close(writer);
      new Rclone(work, s3.endpoint()).copy(data, PLAIN, "ds");
      Proc.run(Map.of(), List.of("bash", "-c", "find '" + s3.dir(PLAIN, "ds") + "' '" + s3.dir(DATAFS, "ds")
          + "' -type f -print0 | xargs -0 cat > /dev/null"));
      CountingProxy proxy = closer.add(new CountingProxy(s3.port()));
      Rclone rclone = new Rclone(work, proxy.endpoint());
      for (int round = 1; round <= (quick ? 1 : 3); round++) {
        one.add(datafs(closer, proxy, mnts.subList(0, 1)));
        four.add(datafs(closer, proxy, mnts));
        List<Rclone.Mount> ms = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
          ms.add(closer.add(rclone.new Mount(PLAIN + "/ds", Mounts.emptyDir(mnts.get(i)), Rclone.CacheMode.FULL,
              work.resolve("rclone-cache-node-" + i))));
        }
        rclones.add(readAll(proxy, mnts));
        for (Rclone.Mount m : ms) closer.close(m);
        Bench.log(String.format("nodes round %d: one datafs %.1f s, %d datafs %.1f s, %d rclone full %.1f s", round,
            last(one).seconds, NODES, last(four).seconds, NODES, last(rclones).seconds));
      }
    } finally {
      closer.closeAll();
      for (int i = 0; i < NODES; i++) {
        Mounts.detach(mnts.get(i));
        Proc.runQuietly(List.of("rm", "-rf", work.resolve("rclone-cache-node-" + i).toString()));
      }
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
    report.section(String.format("Many nodes, one remote: %d datafs homes (daemons, caches, mounts) read one version "
        + "of %,d files of ~100 KB (%.2f GB) from one S3Proxy at once (`find | sort | xargs cat` each; median of %d "
        + "rounds)", NODES, files, bytes / 1e9, one.size()));
    Pass a = median(one);
    Pass b = median(four);
    Pass c = median(rclones);
    report.row("one datafs home alone", rates(1, files, bytes, a), perFile(a, files, 1) + "; baseline");
    report.row(NODES + " datafs homes at once (aggregate)", rates(NODES, files, bytes, b), perFile(b, files, NODES)
        + String.format("; %.2fx one home's files/s", a.seconds / b.seconds * NODES));
    report.row(NODES + " `rclone mount --vfs-cache-mode full` at once (aggregate)", rates(NODES, files, bytes, c),
        perFile(c, files, NODES) + String.format("; datafs is %.2fx", c.seconds / b.seconds));
    report.note("Each home is fresh (only the remote configured), mounts `shared@v1` (metadata fetched), then the "
        + NODES + " readers start together; a pass ends when the last one does. Requests and bytes are counted for "
        + "the reads only (mounts excluded), on a TCP proxy in the bench JVM between every client and S3Proxy. On "
        + "this 2-core machine the four daemons, the readers and S3Proxy share the cores, so the aggregate tells how "
        + "the server side holds up, not what four real nodes would reach. Load average before: " + loadBefore
        + "; after: " + loadAfter + ".");
  }

  /** Fresh homes mounting the version at {@code mnts}, one each, then all read at once. */
  private Pass datafs(Closer closer, CountingProxy proxy, List<Path> mnts) throws Exception {
    List<DatafsHome> homes = new ArrayList<>();
    for (int i = 0; i < mnts.size(); i++) {
      DatafsHome h = closer.add(new DatafsHome(launcher, work.resolve("home-node-" + i)));
      h.addRemote("origin", DATAFS, "ds", proxy.endpoint());
      h.mount("shared@v1", mnts.get(i));
      homes.add(h);
    }
    Pass p = readAll(proxy, mnts);
    for (DatafsHome h : homes) closer.close(h);
    return p;
  }

  /** Reads every mount at once, one process each; the wall time until the last ends. */
  private static Pass readAll(CountingProxy proxy, List<Path> mnts) throws Exception {
    proxy.reset();
    long start = System.nanoTime();
    List<Process> readers = new ArrayList<>();
    for (Path m : mnts) {
      readers.add(new ProcessBuilder("bash", "-c", READ, "bash", m.toString()).inheritIO().start());
    }
    for (Process p : readers) {
      if (p.waitFor() != 0) throw new IllegalStateException("a reader of the mounts failed");
    }
    return new Pass((System.nanoTime() - start) / 1e9, proxy.requests(), proxy.bytesDown());
  }

  private static String rates(int readers, int files, long bytes, Pass p) {
    return String.format("%.0f MB/s, %,.0f files/s", readers * bytes / 1e6 / p.seconds, readers * files / p.seconds);
  }

  private static String perFile(Pass p, int files, int readers) {
    return String.format("%.3f requests and %.0f KB per file read", (double) p.requests / files / readers,
        p.bytes / 1e3 / files / readers);
  }

  private static Pass last(List<Pass> xs) {
    return xs.get(xs.size() - 1);
  }

  private static Pass median(List<Pass> xs) {
    List<Pass> s = new ArrayList<>(xs);
    s.sort((x, y) -> Double.compare(x.seconds, y.seconds));
    return s.get(s.size() / 2);
  }
}
