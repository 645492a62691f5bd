package io.datafs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * datafs with an S3 remote against rclone, side by side in one run, both on one S3Proxy (in this JVM, loopback, a
 * filesystem blob store under the work dir): bucket {@value #PLAIN} holds a plain copy of the files (put there by
 * {@code rclone copy}), bucket {@value #DATAFS} is datafs's remote ({@code datafs push}). Measured: a cold read of a
 * big file and of many ~100 KB files through a lazy datafs mount from a fresh home against {@code rclone mount}; a
 * push of many small files against {@code rclone copy}; the bytes and requests on the wire to read one 100 KB file
 * of a 10 GiB version. Everything mounted is unmounted and every daemon stopped, even on failure.
 */
final class RemoteBench {
  static final String PLAIN = "plain";
  static final String DATAFS = "datafs";

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final boolean pushOnly;
  private final Report report;
  private final Path dfsMnt;
  private final Path rcloneMnt;
  private final Closer closer = new Closer();
  private S3Server s3;
  private Rclone rclone;

  /** @param pushOnly run the push part only (to measure it alone; its report lacks the other parts) */
  RemoteBench(Path work, Path launcher, boolean quick, Report report, boolean pushOnly) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.pushOnly = pushOnly;
    this.report = report;
    this.dfsMnt = this.work.resolve("mnt-remote-datafs");
    this.rcloneMnt = this.work.resolve("mnt-remote-rclone");
  }

  void run() throws Exception {
    Thread hook = new Thread(this::cleanUp, "bench-remote-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Mounts.detach(dfsMnt);
      Mounts.detach(rcloneMnt);
      s3 = closer.add(S3Server.start(work.resolve("remote-s3store")));
      s3.createBucket(PLAIN);
      s3.createBucket(DATAFS);
      rclone = new Rclone(work, s3.endpoint());
      Bench.log("S3Proxy (filesystem store) at " + s3.endpoint() + "; " + Rclone.version());
      if (!pushOnly) reads();
      new RemotePushBench(work, launcher, quick, report, s3, rclone, closer).run();
      if (!pushOnly) new RemoteFetchBench(work, launcher, quick, report, s3, dfsMnt, closer).run();
    } finally {
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs (and finds nothing left to do)
      }
    }
  }

  /** Both cold reads: the data pushed by one home and copied by rclone, read by fresh mounts of each. */
  private void reads() throws Exception {
    Path big = Bench.bigFile(work, quick).getParent(); // the mount block's, generated once for both
    long bigSize = Files.size(big.resolve("data.bin"));
    Path mix = Bench.mixData(work, quick);
    DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-remote-writer")));
    writer.addRemote("origin", DATAFS, "reads", s3.endpoint());
    for (Object[] ds : new Object[][] {{big, "big"}, {mix, "mix"}}) {
      writer.run("import", ds[0].toString(), (String) ds[1], "-m", "bench");
      Proc.Run push = writer.run("push", (String) ds[1]);
      double copy = rclone.copy((Path) ds[0], PLAIN, (String) ds[1]);
      Bench.log(String.format("%s: datafs push %.1f s, rclone copy %.1f s", ds[1], push.seconds(), copy));
    }
    closer.close(writer);

    Cold b = cold("big@v1", "big", root -> Proc.time(Map.of(),
        List.of("dd", "if=" + root.resolve("data.bin"), "of=/dev/null", "bs=1M")));
    double mb = bigSize / 1e6;
    report.section(String.format("Remote: cold read of one %d MiB file through a mount of S3 (`dd bs=1M`; S3Proxy on "
        + "loopback; best of 2)", bigSize >> 20));
    rows(b, mb, "MB/s", 1);

    List<String> dirs;
    try (Stream<Path> s = Files.list(mix)) {
      dirs = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("dir\\d+")).sorted().toList();
    }
    long files = 0;
    long bytes = 0;
    for (String d : dirs) {
      try (Stream<Path> s = Files.list(mix.resolve(d))) {
        for (Path f : s.toList()) {
          files++;
          bytes += Files.size(f);
        }
      }
    }
    String script = "set -o pipefail; cd \"$1\" || exit 1\n"
        + "half() { find \"$@\" -type f -print0 | sort -z | xargs -0 cat > /dev/null; }\n"
        + "half " + String.join(" ", dirs.subList(0, dirs.size() / 2)) + " & a=$!\n"
        + "half " + String.join(" ", dirs.subList(dirs.size() / 2, dirs.size())) + " & b=$!\n"
        + "wait $a; ra=$?; wait $b; rb=$?; exit $((ra | rb))\n";
    Cold m = cold("mix@v1", "mix", root -> Proc.time(Map.of(), List.of("bash", "-c", script, "bash", root.toString())));
    report.section(
        String.format("Remote: cold read of %,d files of ~100 KB (%.2f GB) in %d dirs through a mount of S3, "
        + "in directory order by 2 processes (`find | sort | xargs cat`, half the dirs each; best of 2)", files,
        bytes / 1e9, dirs.size()));
    rows(m, files, "files/s", 3);
    report.note("Cold: each pass is a fresh mount of a fresh client, nothing cached. datafs: a new `$DATAFS_HOME` with "
        + "only the remote configured (`datafs remote add origin s3://" + DATAFS + "/reads --endpoint ...`), so "
        + "`datafs mount` starts a daemon and fetches the version's metadata, and the read fetches chunks by ranged "
        + "GETs of packs (kept in its chunk cache on disk). rclone (" + rcloneVersion() + "): `rclone mount s3:" + PLAIN
        + "/<dir> --read-only --vfs-cache-mode off|full --cache-dir <fresh> --use-server-modtime`, an S3 remote by "
        + "environment (provider Other, path-style, the endpoint and keys), `AWS_CA_BUNDLE` unset; `off` (rclone's "
        + "default) streams each file with its read-ahead buffer, `full` keeps what it read in a fresh cache dir on "
        + "disk "
        + "as datafs does; `--use-server-modtime` spares rclone a HEAD per file. Goals are against the faster rclone "
        + "mode. Mount times are wall times from the command's start to the mount being usable (datafs: its client "
        + "JVM, the daemon's start, the metadata). Both read the same S3Proxy, whose files were read once before (page "
        + "cache warm on the server side for both) and which served one untimed rclone pass first (its GET path "
        + "compiled by its JIT for both); S3Proxy, rclone and the datafs daemon share this machine's cores.");
    s3.deletePrefix(PLAIN, "big");
    s3.deletePrefix(PLAIN, "mix");
    s3.deletePrefix(DATAFS, "reads");
  }

  private interface Reader {
    double read(Path root) throws Exception;
  }

  /** A pass's wall time and the CPU it took. */
  private record Pass(double seconds, CpuUse cpu) {
    static final Pass NONE = new Pass(Double.MAX_VALUE, null);

    static Pass of(Reader reader, Path root) throws Exception {
      CpuUse before = CpuUse.now();
      double t = reader.read(root);
      return new Pass(t, CpuUse.now().since(before));
    }

    Pass best(Pass other) {
      return other.seconds < seconds ? other : this;
    }
  }

  /**
   * Best passes, and what one more pass of each (untimed, through the counting proxy) asked of the server.
   */
  private record Cold(Pass dfsPass, double dfsMount, Pass offPass, Pass fullPass, double rcloneMount, long[] dfsWire,
      long[] rcloneWire) {
    double dfs() {
      return dfsPass.seconds();
    }

    double off() {
      return offPass.seconds();
    }

    double full() {
      return fullPass.seconds();
    }

    double rclone() {
      return Math.min(off(), full());
    }
  }

  /** Best of 2 rounds of: datafs from a fresh home, rclone mount with cache mode off, and full, each mounted afresh. */
  private Cold cold(String version, String prefix, Reader reader) throws Exception {
    Bench.log("reading the server's files of " + prefix + " once (page cache warm for both sides)");
    Proc.run(Map.of(), List.of("bash", "-c", "find '" + s3.dir(PLAIN, prefix) + "' '" + s3.dir(DATAFS, "reads")
        + "' -type f -print0 | xargs -0 cat > /dev/null"));
    // S3Proxy compiles its GET path during its first reads: one untimed pass first, so that neither tool pays for it
    Bench.log("reading " + prefix + " once through rclone, untimed (S3Proxy warm for both)");
    Rclone.Mount warm = closer.add(rclone.new Mount(PLAIN + "/" + prefix, Mounts.emptyDir(rcloneMnt),
        Rclone.CacheMode.OFF, work.resolve("rclone-cache")));
    reader.read(warm.dir);
    closer.close(warm);
    double dfsMount = Double.MAX_VALUE, rcloneMount = Double.MAX_VALUE;
    Pass dfs = Pass.NONE, off = Pass.NONE, full = Pass.NONE;
    for (int round = 1; round <= 2; round++) {
      DatafsHome reader0 = closer.add(new DatafsHome(launcher, work.resolve("home-remote-reader")));
      reader0.addRemote("origin", DATAFS, "reads", s3.endpoint());
      dfsMount = Math.min(dfsMount, reader0.mount(version, dfsMnt));
      dfs = dfs.best(Pass.of(reader, dfsMnt));
      closer.close(reader0);
      for (Rclone.CacheMode mode : Rclone.CacheMode.values()) {
        long start = System.nanoTime();
        Rclone.Mount m = closer.add(rclone.new Mount(PLAIN + "/" + prefix, Mounts.emptyDir(rcloneMnt), mode,
            work.resolve("rclone-cache")));
        rcloneMount = Math.min(rcloneMount, (System.nanoTime() - start) / 1e9);
        Pass p = Pass.of(reader, m.dir);
        if (mode == Rclone.CacheMode.OFF) off = off.best(p);
        else full = full.best(p);
        closer.close(m);
      }
      Bench.log(
          String.format("%s round %d: best so far: datafs %.2fs (mount %.2fs, cpu %s), rclone off %.2fs (cpu %s), "
          + "full %.2fs (cpu %s)", version, round, dfs.seconds(), dfsMount, dfs.cpu(), off.seconds(), off.cpu(),
          full.seconds(), full.cpu()));
    }
    long[][] wire = counted(version, prefix, reader);
    Proc.runQuietly(List.of("rm", "-rf", work.resolve("rclone-cache").toString()));
    return new Cold(dfs, dfsMount, off, full, rcloneMount, wire[0], wire[1]);
  }

  /**
   * One more cold pass of datafs and of rclone ({@code --vfs-cache-mode off}), untimed, each through a counting proxy
   * in front of S3Proxy: {requests, bytes down} of each read (the mounts' own requests not counted).
   */
  private long[][] counted(String version, String prefix, Reader reader) throws Exception {
    CountingProxy proxy = closer.add(new CountingProxy(s3.port()));
    DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-remote-reader")));
    home.addRemote("origin", DATAFS, "reads", proxy.endpoint());
    home.mount(version, dfsMnt);
    proxy.reset();
    reader.read(dfsMnt);
    long[] dfs = {proxy.requests(), proxy.bytesDown()};
    closer.close(home);
    Rclone counted = new Rclone(work, proxy.endpoint());
    Rclone.Mount m = closer.add(counted.new Mount(PLAIN + "/" + prefix, Mounts.emptyDir(rcloneMnt),
        Rclone.CacheMode.OFF, work.resolve("rclone-cache")));
    proxy.reset();
    reader.read(m.dir);
    long[] rc = {proxy.requests(), proxy.bytesDown()};
    closer.close(m);
    closer.close(proxy);
    return new long[][] {dfs, rc};
  }

  private void rows(Cold c, double amount, String unit, double goal) {
    report.row("rclone mount, `--vfs-cache-mode off`", rate(amount / c.off(), unit),
        c.off() <= c.full() ? "baseline" : "");
    report.row("rclone mount, `--vfs-cache-mode full`", rate(amount / c.full(), unit),
        c.full() < c.off() ? "baseline" : "");
    report.row("datafs lazy mount, fresh home", rate(amount / c.dfs(), unit),
        String.format("%.2fx rclone (goal >= %s%s)", c.rclone() / c.dfs(), fmt(goal), c.rclone() / c.dfs() >= goal ? ""
            : " — missed"));
    report.row("CPU of those passes, whole machine (S3Proxy's share): rclone `off` / `full` / datafs",
        c.offPass().cpu() + " / " + c.fullPass().cpu() + " / " + c.dfsPass().cpu(), "2 cores: a pass of t seconds "
        + "has at most 2t");
    report.row("mount time: rclone / datafs (fresh home)", ms(c.rcloneMount) + " / " + ms(c.dfsMount), "");
    report.row("requests (MB) to the server for the read: rclone `off` / datafs", String.format("%,d (%.0f MB) / %,d "
        + "(%.0f MB)", c.rcloneWire[0], c.rcloneWire[1] / 1e6, c.dfsWire[0], c.dfsWire[1] / 1e6), "one more pass of "
        + "each, untimed, through a counting proxy");
  }

  static String rcloneVersion() {
    try {
      return Rclone.version();
    } catch (Exception e) {
      return "rclone";
    }
  }

  /** Closes everything still open, last opened first; safe to call more than once. */
  private synchronized void cleanUp() {
    closer.closeAll();
    try {
      Mounts.detach(dfsMnt);
      Mounts.detach(rcloneMnt);
    } catch (Exception e) {
      Bench.log("clean-up: " + e);
    }
  }

  static String rate(double v, String unit) {
    return String.format(v >= 100 ? "%,.0f %s" : "%.1f %s", v, unit);
  }

  static String ms(double seconds) {
    return String.format("%.0f ms", seconds * 1e3);
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
