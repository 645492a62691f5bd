package io.datafs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Reading through a datafs mount against bindfs (the like-for-like libfuse 2 pass-through, {@code bindfs -o ro}) and
 * the folder itself, side by side in one run: one big file read sequentially, many ~100 KB files read by two
 * processes, find + stat of a large tree; then mount time and daemon memory for a 10k- and a 1M-entry version.
 *
 * <p>A "first pass" runs on a fresh mount (unmounted and mounted again), so the kernel holds nothing of it; the
 * source folders and datafs's packs stay in the page cache throughout (nothing here drops caches), which is the
 * case right after an import. Everything mounted is unmounted, and the daemon stopped, even on failure.
 */
final class MountBench {
  private static final List<String> FUSE_TYPES = List.of("fuse", "fuse.bindfs", "fuse.datafs");

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;
  private final boolean reuseHome;
  private final Path home;
  private final Map<String, String> env;
  private final Path bindMnt;
  private final Path dfsMnt;
  /** Mount points this run mounted and has not unmounted yet; true for datafs, false for bindfs. */
  private final Map<Path, Boolean> mounted = new ConcurrentHashMap<>();

  MountBench(Path work, Path launcher, boolean quick, Report report, boolean reuseHome) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
    this.reuseHome = reuseHome;
    this.home = this.work.resolve("home-mount");
    this.env = Map.of("DATAFS_HOME", home.toString());
    this.bindMnt = this.work.resolve("mnt-bindfs");
    this.dfsMnt = this.work.resolve("mnt-datafs");
  }

  void run() throws Exception {
    Thread hook = new Thread(this::cleanUp, "bench-mount-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      sweep();
      Data d = prepare();
      sequential(d.big);
      smallFiles(d.mix);
      findStat(d.tree);
      mountTimeAndMemory(d.flatSmall, d.flatHuge);
    } finally {
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs (and finds nothing left to do)
      }
    }
  }

  private record Data(Path big, Path mix, Path tree, Path flatSmall, Path flatHuge) {}

  /** Generates what is missing under the work dir, imports it into a fresh store, warms the page cache. */
  private Data prepare() throws Exception {
    Path bigFile = Bench.bigFile(work, quick);
    Path big = bigFile.getParent();
    Path mix = Bench.mixData(work, quick);
    int dirs = quick ? 20 : 200;
    Path tree = work.resolve("tree-" + dirs + "x1000");
    if (!Files.exists(tree.resolve(String.format("d%04d/f%05d.txt", dirs - 1, 999)))) {
      Bench.log("generating a tree of " + dirs + " dirs x 1,000 files");
      DataGen.tree(tree, dirs, 1_000);
    }
    Path flatSmall = Bench.flatData(work, 10_000);
    Path flatHuge = Bench.flatData(work, quick ? 100_000 : 1_000_000);

    Path marker = home.resolve(".bench-imported");
    if (reuseHome && Files.exists(marker)) {
      Bench.log("reusing the store " + home + " (--reuse-home)");
    } else {
      if (Files.exists(home)) Proc.runQuietly(List.of("rm", "-rf", home.toString()));
      Files.createDirectories(home);
      for (Object[] ds : new Object[][] {{big, "big"}, {mix, "mix"}, {tree, "tree"}, {flatSmall, "flatsmall"},
          {flatHuge, "flathuge"}}) {
        Proc.Run r = Proc.run(env,
            List.of(launcher.toString(), "import", ds[0].toString(), (String) ds[1], "-m", "bench"));
        Bench.log(String.format("imported %s in %.1f s", ds[1], r.seconds()));
      }
      Files.writeString(marker, "");
    }
    // A fresh daemon for the reads: the imports ran in the one that was running.
    stopDaemon();
    Bench.log("warming the page cache: the sources, the tree's inodes and datafs's packs");
    Proc.run(Map.of(), List.of("bash", "-c", "cat '" + bigFile + "' > /dev/null; find '" + mix
        + "' -type f -print0 | xargs -0 cat > /dev/null; find '" + tree + "' -printf '%s' > /dev/null; find '"
        + home.resolve("packs") + "' -type f -print0 | xargs -0 cat > /dev/null"));
    return new Data(big, mix, tree, flatSmall, flatHuge);
  }

  /** One big file, dd bs=1M: direct, bindfs, datafs; first and repeat pass. */
  private void sequential(Path dir) throws Exception {
    String name = "data.bin";
    long size = Files.size(dir.resolve(name));
    Passes p = passes(dir, "big@v1", BIG_ROUNDS, root -> Proc.time(Map.of(),
        List.of("dd", "if=" + root.resolve(name), "of=/dev/null", "bs=1M")));
    double mb = size / 1e6;
    report.section(String.format("Mount: sequential read of one %d MiB file (`dd bs=1M`, median of %d interleaved "
        + "rounds)", size >> 20, BIG_ROUNDS));
    report.row("direct from its folder (page cache warm)", rate(mb / p.direct, "MB/s"), "baseline");
    report.row("bindfs -o ro, first pass", rate(mb / p.bindFirst, "MB/s"), ratio(p.direct / p.bindFirst, "direct"));
    report.row("bindfs -o ro, repeat pass", rate(mb / p.bindRepeat, "MB/s"), ratio(p.direct / p.bindRepeat, "direct"));
    report.row("datafs mount, first pass", rate(mb / p.dfsFirst, "MB/s"),
        goal(p.bindFirst / p.dfsFirst, "bindfs first pass", ">=", 1));
    report.row("datafs mount, repeat pass", rate(mb / p.dfsRepeat, "MB/s"),
        goal(p.direct / p.dfsRepeat, "direct", ">=", 0.9));
    report.note("A first pass reads a fresh mount: after `umount` and `mount` again, the kernel has nothing of it "
        + "cached. datafs's first pass reads its local packs, which are in the page cache as they are right after "
        + "an import (read again, untimed, just before: this machine's kernel pages out what is not touched for about "
        + "30 s, DAMON reclaim, as the direct pass just before bindfs's warms its source); the daemon's in-process "
        + "chunk cache (256 MiB) outlives a remount, but each data set read "
        + "twice above is larger than it and read in the same order, so a pass finds none of its chunks there. "
        + "bindfs (`bindfs -o ro`, its defaults: single-threaded, libfuse's short entry and attribute timeouts, no "
        + "`kernel_cache`) reads the source folder, also in the page cache; its repeat passes go back to it, which is "
        + "why they are barely faster than its first. A datafs mount lets the kernel keep pages, entries and "
        + "attributes for a day, so its repeat passes mostly do not reach the daemon. The direct figures are the "
        + "ceiling; nothing here drops the kernel's caches.");
  }

  /** ~100 KB files in directory order, two processes each taking half the directories. */
  private void smallFiles(Path mix) throws Exception {
    List<String> dirs;
    try (Stream<Path> s = Files.list(mix)) {
      dirs = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("dir\\d+")).sorted().toList();
    }
    long files = 0;
    long bytes = 0;
    for (String d : dirs) {
      try (Stream<Path> s = Files.walk(mix.resolve(d))) {
        for (Path f : s.filter(Files::isRegularFile).toList()) {
          files++;
          bytes += Files.size(f);
        }
      }
    }
    String first = String.join(" ", dirs.subList(0, dirs.size() / 2));
    String second = String.join(" ", dirs.subList(dirs.size() / 2, dirs.size()));
    String script = "set -o pipefail; cd \"$1\" || exit 1\n"
        + "half() { find \"$@\" -type f -print0 | sort -z | xargs -0 cat > /dev/null; }\n"
        + "half " + first + " & a=$!\nhalf " + second + " & b=$!\n"
        + "wait $a; ra=$?; wait $b; rb=$?; exit $((ra | rb))\n";
    Passes p = passes(mix, "mix@v1", ROUNDS,
        root -> Proc.time(Map.of(), List.of("bash", "-c", script, "bash", root.toString())));
    report.section(String.format("Mount: %,d files of ~100 KB (%.2f GB) in %d dirs, read in directory order by 2 "
        + "processes (`find | sort | xargs cat`, half the dirs each; median of %d interleaved rounds)", files,
        bytes / 1e9, dirs.size(), ROUNDS));
    report.row("direct from the folder (page cache warm)", rate(files / p.direct, "files/s"), "baseline");
    report.row("bindfs -o ro, first pass", rate(files / p.bindFirst, "files/s"),
        ratio(p.direct / p.bindFirst, "direct"));
    report.row("bindfs -o ro, repeat pass", rate(files / p.bindRepeat, "files/s"),
        ratio(p.direct / p.bindRepeat, "direct"));
    report.row("datafs mount, first pass", rate(files / p.dfsFirst, "files/s"),
        goal(p.bindFirst / p.dfsFirst, "bindfs first pass", ">=", 0.7));
    report.row("datafs mount, repeat pass", rate(files / p.dfsRepeat, "files/s"),
        goal(p.bindRepeat / p.dfsRepeat, "bindfs repeat pass", ">=", 2) + "; "
            + goal(p.direct / p.dfsRepeat, "direct", ">=", 0.7));
  }

  /** find -printf '%s %T@' (a stat of every entry) over a tree of many small files. */
  private void findStat(Path tree) throws Exception {
    long entries;
    try (Stream<Path> s = Files.walk(tree)) {
      entries = s.count();
    }
    Passes p = passes(tree, "tree@v1", ROUNDS, root -> Proc.time(Map.of(),
        List.of("bash", "-c", "find \"$1\" -printf '%s %T@\\n' > /dev/null", "bash", root.toString())));
    report.section(String.format("Mount: find + stat of %,d entries (`find -printf '%%s %%T@'`; median of %d "
        + "interleaved rounds)", entries, ROUNDS));
    report.row("direct (dentry and inode caches warm)", rate(entries / p.direct, "entries/s"), "baseline");
    report.row("bindfs -o ro, first pass", rate(entries / p.bindFirst, "entries/s"),
        ratio(p.direct / p.bindFirst, "direct"));
    report.row("bindfs -o ro, repeat pass", rate(entries / p.bindRepeat, "entries/s"),
        ratio(p.direct / p.bindRepeat, "direct"));
    report.row("datafs mount, first pass", rate(entries / p.dfsFirst, "entries/s"),
        goal(p.bindFirst / p.dfsFirst, "bindfs first pass", ">=", 1));
    report.row("datafs mount, repeat pass", rate(entries / p.dfsRepeat, "entries/s"),
        String.format("%.2fx bindfs repeat pass; %.2fx direct", p.bindRepeat / p.dfsRepeat, p.direct / p.dfsRepeat));
  }

  /** Mount time (the daemon already running) and daemon RSS, for a small and a huge flat version. */
  private void mountTimeAndMemory(Path flatSmall, Path flatHuge) throws Exception {
    record Result(int entries, double mount, double status, long rssIdle, long rssMounted, long rssListed,
        double ls, double lsDirect) {}
    List<Result> results = new ArrayList<>();
    for (Object[] v : new Object[][] {{flatSmall, "flatsmall"}, {flatHuge, "flathuge"}}) {
      Path src = (Path) v[0];
      String ds = v[1] + "@v1";
      int entries;
      try (Stream<Path> s = Files.list(src)) {
        entries = (int) s.count();
      }
      stopDaemon();
      Proc.run(env, List.of(launcher.toString(), "daemon"));
      long pid = Long.parseLong(Files.readString(home.resolve("daemon.pid")).strip());
      List<Double> status = new ArrayList<>();
      Proc.time(env, List.of(launcher.toString(), "daemon", "status")); // the daemon's first request loads classes
      for (int i = 0; i < 3; i++) status.add(Proc.time(env, List.of(launcher.toString(), "daemon", "status")));
      long rssIdle = vmRss(pid);
      List<Double> mounts = new ArrayList<>();
      long rssMounted = 0;
      long rssListed = 0;
      double ls = 0;
      for (int i = 0; i < 3; i++) {
        double[] t = new double[1];
        try (Mount m = datafs(ds, t)) {
          mounts.add(t[0]);
          if (i == 0) {
            rssMounted = vmRss(pid);
            ls = lsHead(m.dir);
            rssListed = vmRss(pid);
          }
        }
      }
      double lsDirect = lsHead(src);
      Result r = new Result(entries, Bench.median(mounts), Bench.median(status), rssIdle, rssMounted, rssListed, ls,
          lsDirect);
      Bench.log(r.toString());
      results.add(r);
      stopDaemon();
    }
    Result s = results.get(0);
    Result h = results.get(1);
    report.section(
        String.format("Mount: `datafs mount` of a flat version, %,d against %,d entries (the daemon running; "
        + "median of 3)", s.entries, h.entries));
    report.row("CLI round trip, `datafs daemon status` (each size's fresh daemon)", ms(s.status) + " / " + ms(h.status),
        "baseline: mostly the client JVM's start");
    report.row(String.format("mount, %,d entries", s.entries), ms(s.mount),
        String.format("%.2fx the round trip", s.mount / s.status));
    report.row(String.format("mount, %,d entries", h.entries), ms(h.mount),
        String.format("%.2fx the %,d-entry mount (goal: independent of size, under 1 s%s)",
            h.mount / s.mount, s.entries,
            h.mount < 1 && h.mount / s.mount < 1.5 ? "" : " — missed"));
    for (Result r : results) {
      report.row(String.format("daemon RSS, %,d entries: idle / mounted / after `ls -f \\| head -1`", r.entries),
          Bench.mib(r.rssIdle) + " / " + Bench.mib(r.rssMounted) + " / " + Bench.mib(r.rssListed),
          "a fresh daemon (heap capped at 1 GiB by bin/datafs)");
    }
    for (Result r : results) {
      report.row(String.format("time to the first name, `ls -f \\| head -1`, %,d entries", r.entries), ms(r.ls),
          String.format("%.1fx the folder itself (%s)", r.ls / r.lsDirect, ms(r.lsDirect)));
    }
    report.note("Each time runs `bin/datafs` from start to return, so it includes the client's JVM start, as the "
        + "round trip does; the mount's own work is roughly the difference. `ls -f` prints names as it reads them "
        + "and `head` closes the pipe after the first, so the listing rows time the first page of a directory, "
        + "not all of it.");
  }

  // ---- passes: direct, then bindfs and datafs on fresh mounts, twice ----

  /** Interleaved rounds of each pass: five for the big file (its goal is on the line), three for the others. */
  private static final int BIG_ROUNDS = 5;
  private static final int ROUNDS = 3;

  private interface Reader {
    double read(Path root) throws Exception;
  }

  private record Passes(double direct, double bindFirst, double bindRepeat, double dfsFirst, double dfsRepeat) {}

  /**
   * Medians of {@code rounds} interleaved rounds of: direct; bindfs fresh mount, first and repeat pass; the same
   * through datafs. Medians, not the best: a best-of-few rewards the one lucky pass of a loaded machine.
   */
  private Passes passes(Path src, String version, int rounds, Reader reader) throws Exception {
    List<Double> direct = new ArrayList<>(), bf = new ArrayList<>(), br = new ArrayList<>(), df = new ArrayList<>(),
        dr = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      direct.add(reader.read(src));
      try (Mount m = bindfs(src)) {
        bf.add(reader.read(m.dir));
        br.add(reader.read(m.dir));
      }
      warmPacks(); // as the direct pass just warmed bindfs's source
      try (Mount m = datafs(version, new double[1])) {
        df.add(reader.read(m.dir));
        dr.add(reader.read(m.dir));
      }
      Bench.log(String.format("%s round %d: direct %.2fs, bindfs %.2fs / %.2fs, datafs %.2fs / %.2fs", version, round,
          direct.get(round - 1), bf.get(round - 1), br.get(round - 1), df.get(round - 1), dr.get(round - 1)));
    }
    return new Passes(Bench.median(direct), Bench.median(bf), Bench.median(br), Bench.median(df), Bench.median(dr));
  }

  /**
   * Reads the store's packs into the page cache, untimed. This machine's kernel pages out what was not touched for
   * about 30 s (DAMON reclaim), so the warm-up before all passes does not last until datafs's turn.
   */
  private void warmPacks() throws Exception {
    Proc.run(Map.of(),
        List.of("bash", "-c", "find '" + home.resolve("packs") + "' -type f -print0 | xargs -0 cat > /dev/null"));
  }

  // ---- mounting and always unmounting ----

  private final class Mount implements AutoCloseable {
    final Path dir;

    Mount(Path dir) {
      this.dir = dir;
    }

    @Override
    public void close() throws Exception {
      unmount(dir);
    }
  }

  private Mount bindfs(Path src) throws Exception {
    emptyDir(bindMnt);
    Proc.run(Map.of(), List.of("bindfs", "-o", "ro", src.toString(), bindMnt.toString()));
    mounted.put(bindMnt, false);
    return new Mount(bindMnt);
  }

  /** Mounts {@code version} with {@code datafs mount}, its wall time in {@code seconds[0]}. */
  private Mount datafs(String version, double[] seconds) throws Exception {
    emptyDir(dfsMnt);
    try {
      seconds[0] = Proc.time(env, List.of(launcher.toString(), "mount", version, dfsMnt.toString()));
    } finally {
      if (isMountPoint(dfsMnt)) mounted.put(dfsMnt, true);
    }
    return new Mount(dfsMnt);
  }

  private void unmount(Path dir) throws IOException, InterruptedException {
    Boolean isDatafs = mounted.remove(dir);
    if (isDatafs != null && isDatafs) {
      try {
        Proc.run(env, List.of(launcher.toString(), "umount", dir.toString()));
      } catch (RuntimeException e) {
        Bench.log("datafs umount failed, detaching: " + e.getMessage());
      }
    } else if (isDatafs != null) {
      try {
        Proc.run(Map.of(), List.of("fusermount", "-u", dir.toString()));
      } catch (RuntimeException e) {
        Bench.log("fusermount -u failed, detaching: " + e.getMessage());
      }
    }
    if (isMountPoint(dir)) Proc.runQuietly(List.of("umount", "-l", dir.toString()));
  }

  private void emptyDir(Path dir) throws IOException, InterruptedException {
    if (isMountPoint(dir)) unmount(dir);
    if (Files.exists(dir)) Files.delete(dir);
    Files.createDirectories(dir);
  }

  /** Unmounts everything this run mounted and stops the daemon; safe to call more than once. */
  private synchronized void cleanUp() {
    try {
      for (Path p : List.copyOf(mounted.keySet())) unmount(p);
      stopDaemon();
      sweep();
    } catch (Exception e) {
      Bench.log("clean-up: " + e);
    }
  }

  /** Detaches any FUSE mount left at this bench's mount points (a killed earlier run). */
  private void sweep() throws IOException, InterruptedException {
    for (Path p : List.of(bindMnt, dfsMnt)) {
      if (isMountPoint(p)) {
        Bench.log("detaching a mount left at " + p);
        Proc.runQuietly(List.of("umount", "-l", p.toString()));
      }
    }
  }

  private void stopDaemon() throws IOException, InterruptedException {
    if (Files.exists(home)) Proc.run(env, List.of(launcher.toString(), "daemon", "stop"));
  }

  private static boolean isMountPoint(Path dir) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 2 && f[1].equals(dir.toString()) && (FUSE_TYPES.contains(f[2]) || f[2].startsWith("fuse"))) {
        return true;
      }
    }
    return false;
  }

  private static double lsHead(Path dir) throws Exception {
    return Proc.time(Map.of(), List.of("bash", "-c", "ls -f \"$1\" | head -1 > /dev/null", "bash", dir.toString()));
  }

  private static long vmRss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
    }
    throw new IOException("no VmRSS for " + pid);
  }

  private static String rate(double v, String unit) {
    return String.format(v >= 100 ? "%,.0f %s" : "%.1f %s", v, unit);
  }

  private static String ms(double seconds) {
    return String.format("%.0f ms", seconds * 1e3);
  }

  private static String ratio(double r, String what) {
    return String.format("%.2fx %s", r, what);
  }

  private static String goal(double r, String what, String op, double target) {
    boolean met = op.equals(">=") ? r >= target : r <= target;
    return String.format("%.2fx %s (goal %s %s%s)", r, what, op, fmt(target), met ? "" : " — missed");
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
