package io.datafs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Publishing many small files to S3: {@code datafs push} of an imported dataset to an empty prefix of the datafs
 * bucket against {@code rclone copy} of the same folder to an empty prefix of the plain bucket, side by side.
 */
final class RemotePushBench {
  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;
  private final S3Server s3;
  private final Rclone rclone;
  private final Closer closer;

  RemotePushBench(Path work, Path launcher, boolean quick, Report report, S3Server s3, Rclone rclone, Closer closer) {
    this.work = work;
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
    this.s3 = s3;
    this.rclone = rclone;
    this.closer = closer;
  }

  void run() throws Exception {
    int files = quick ? 2_000 : 50_000;
    int dirs = quick ? 10 : 50;
    Path data = work.resolve("push-" + files);
    if (!Files.exists(data.resolve(".complete"))) {
      Bench.log("generating " + files + " files of ~100 KB in " + dirs + " dirs");
      DataGen.mix(data, files, 100_000, dirs, 0, 0);
      Files.writeString(data.resolve(".complete"), "");
    }
    long bytes = 0;
    try (var s = Files.walk(data)) {
      bytes = s.filter(p -> Files.isRegularFile(p) && !p.endsWith(".complete"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
    DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-remote-push")));
    Proc.Run imported = home.run("import", data.toString(), "many", "-m", "bench");
    Bench.log(String.format("imported %d files in %.1f s", files, imported.seconds()));
    home.stopDaemon(); // push starts its own, as after an import on another day
    Bench.log("reading the folder and datafs's packs once (page cache warm for both sides)");
    Proc.run(Map.of(), List.of("bash", "-c", "find '" + data + "' '" + home.home.resolve("packs")
        + "' -type f -print0 | xargs -0 cat > /dev/null"));

    double dfs = Double.MAX_VALUE;
    double copy = Double.MAX_VALUE;
    String pushed = "";
    for (int round = 1; round <= 2; round++) {
      String prefix = "push-" + round;
      home.addRemote(prefix, RemoteBench.DATAFS, prefix, s3.endpoint());
      long start = System.nanoTime();
      pushed = home.run("push", "many", "--remote", prefix).output().strip();
      double d = (System.nanoTime() - start) / 1e9;
      s3.deletePrefix(RemoteBench.DATAFS, prefix); // before the copy: the disk holds one side's upload at a time
      double c = rclone.copy(data, RemoteBench.PLAIN, prefix);
      s3.deletePrefix(RemoteBench.PLAIN, prefix);
      Bench.log(String.format("push round %d: datafs push %.2fs, rclone copy %.2fs, %.2fx (%s)", round, d, c, c / d,
          pushed));
      dfs = Math.min(dfs, d);
      copy = Math.min(copy, c);
    }
    closer.close(home);

    double mb = bytes / 1e6;
    report.section(String.format("Remote: publishing %,d files of ~100 KB (%.2f GB) in %d dirs to S3 (S3Proxy on "
        + "loopback; an empty prefix each time; best of 2)", files, bytes / 1e9, dirs));
    report.row("`rclone copy` of the folder (4 transfers, its default)", String.format("%.1f s (%s, %s)", copy,
        RemoteBench.rate(files / copy, "files/s"), RemoteBench.rate(mb / copy, "MB/s")), "baseline");
    report.row("`datafs push` of the imported version", String.format("%.1f s (%s, %s)", dfs,
        RemoteBench.rate(files / dfs, "files/s"), RemoteBench.rate(mb / dfs, "MB/s")),
        String.format("%.2fx rclone copy (goal >= 5%s)", copy / dfs, copy / dfs >= 5 ? "" : " — missed"));
    report.row("the import before it (not part of the push)", String.format("%.1f s", imported.seconds()), "");
    report.note("`datafs push` (its output: \"" + pushed + "\") uploads the version's packs, 4 in flight, then its "
        + "record; its time is the wall time of the command, the client's JVM start included, with no daemon "
        + "running. rclone uploads one object per file with its defaults (4 transfers, 8 checkers; two requests a "
        + "file, a PUT and a HEAD to check it), `AWS_CA_BUNDLE` unset. Both read a folder in the page cache (datafs "
        + "its packs, rclone the files).");
  }
}
