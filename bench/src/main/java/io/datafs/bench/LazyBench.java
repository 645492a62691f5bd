package io.datafs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a mount of a remote version from a fresh home costs, lazily (the version's records and root page: `tree/`)
 * against eagerly (the same version on a remote without `tree/`, as an older datafs pushed it: a metadata pull first).
 * The version has the wire test's shape (100 large files and 1,000 of 100 KB, in two directories) at a smaller size.
 * Rounds interleave the two; each mount is from a fresh home with no daemon (client and daemon start included),
 * through a counting TCP proxy in front of S3Proxy; medians are reported.
 */
final class LazyBench {
  private static final String PREFIX_LAZY = "lazy-tree";
  private static final String PREFIX_EAGER = "lazy-none";

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;

  LazyBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work;
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
  }

  void run() throws Exception {
    int rounds = quick ? 3 : 5;
    long bigSize = quick ? 1L << 20 : 4L << 20;
    Path mnt = work.resolve("mnt-lazy");
    Closer closer = new Closer();
    try {
      S3Server s3 = closer.add(S3Server.start(work.resolve("lazy-s3store")));
      s3.createBucket(RemoteBench.DATAFS);
      Path data = work.resolve("lazy-version");
      Proc.runQuietly(List.of("rm", "-rf", data.toString()));
      SplittableRandom rnd = new SplittableRandom(19);
      for (int i = 0; i < 100; i++) {
        DataGen.write(data.resolve(String.format("shards/shard_%03d.bin", i)), rnd, bigSize);
      }
      for (int i = 0; i < 1_000; i++) {
        DataGen.write(data.resolve(String.format("samples/s%05d.bin", i)), rnd, 100_000);
      }
      DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-lazy-writer")));
      writer.run("remote", "add", "lazy", "s3://" + RemoteBench.DATAFS + "/" + PREFIX_LAZY, "--endpoint",
          s3.endpoint());
      writer.run("remote", "add", "eager", "s3://" + RemoteBench.DATAFS + "/" + PREFIX_EAGER, "--endpoint",
          s3.endpoint());
      writer.run("import", data.toString(), "wire", "-m", "bench");
      Proc.runQuietly(List.of("rm", "-rf", data.toString()));
      Proc.Run pushed = writer.run("push", "wire", "--remote", "lazy");
      writer.run("push", "wire", "--remote", "eager");
      s3.deletePrefix(RemoteBench.DATAFS, PREFIX_EAGER + "/tree"); // as a datafs older than tree/ left it
      closer.close(writer);

      CountingProxy proxy = closer.add(new CountingProxy(s3.port()));
      List<Double> lazyTimes = new ArrayList<>();
      List<Double> eagerTimes = new ArrayList<>();
      long[] lazyWire = new long[2];
      long[] eagerWire = new long[2];
      for (int r = 0; r < rounds; r++) {
        lazyTimes.add(mountFresh(PREFIX_LAZY, proxy, mnt, lazyWire, closer));
        eagerTimes.add(mountFresh(PREFIX_EAGER, proxy, mnt, eagerWire, closer));
      }
      double lazy = Bench.median(lazyTimes);
      double eager = Bench.median(eagerTimes);
      report.section("Lazy metadata: mount of a remote version from a fresh home (100 x " + (bigSize >> 20)
          + " MiB + 1,000 x 100 KB), client and daemon start included");
      report.row("lazily (`tree/`: records and the root page)", String.format("%s, %s down in %d requests",
          RemoteBench.ms(lazy), RemoteFetchBench.bytes(lazyWire[0] / rounds), lazyWire[1] / rounds),
          String.format("%.2fx the eager mount's time, %.3fx its bytes (goal for the wire test's version: < 1.5 s)",
              lazy / eager, (double) lazyWire[0] / Math.max(1, eagerWire[0])));
      report.row("eagerly (no `tree/`: a metadata pull first)", String.format("%s, %s down in %d requests",
          RemoteBench.ms(eager), RemoteFetchBench.bytes(eagerWire[0] / rounds), eagerWire[1] / rounds),
          "baseline: what every mount from a remote did before");
      report.note(String.format("Medians of %d rounds, lazy and eager interleaved, each a fresh home whose first "
          + "command starts its daemon; bytes and requests counted on the wire by a TCP proxy in front of S3Proxy "
          + "(filesystem store, loopback), per mount. Push to the lazy remote: %s.", rounds,
          pushed.output().strip().replace('\n', ' ')));
      walk(s3, proxy, mnt, closer);
    } finally {
      closer.closeAll();
    }
  }

  /**
   * A cold {@code find} through a lazy mount of a tree of many small directories (pages fetched as the walk goes,
   * subdirectories prefetched), against the same version mounted after a metadata pull (its pages all here).
   */
  private void walk(S3Server s3, CountingProxy proxy, Path mnt, Closer closer) throws Exception {
    int dirs = quick ? 500 : 2_000;
    int files = 40;
    int rounds = quick ? 2 : 3;
    Path data = work.resolve("lazy-walk");
    Proc.runQuietly(List.of("rm", "-rf", data.toString()));
    SplittableRandom rnd = new SplittableRandom(23);
    for (int d = 0; d < dirs; d++) {
      for (int f = 0; f < files; f++) {
        DataGen.write(data.resolve(String.format("d%02d/%04d/f%02d.txt", d % 50, d, f)), rnd, 16);
      }
    }
    DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-lazy-writer")));
    writer.run("remote", "add", "lazy", "s3://" + RemoteBench.DATAFS + "/walk-tree", "--endpoint", s3.endpoint());
    writer.run("remote", "add", "eager", "s3://" + RemoteBench.DATAFS + "/walk-none", "--endpoint", s3.endpoint());
    writer.run("import", data.toString(), "walk", "-m", "bench");
    Proc.runQuietly(List.of("rm", "-rf", data.toString()));
    writer.run("push", "walk", "--remote", "lazy");
    writer.run("push", "walk", "--remote", "eager");
    s3.deletePrefix(RemoteBench.DATAFS, "walk-none/tree");
    closer.close(writer);
    List<Double> lazyRates = new ArrayList<>();
    List<Double> eagerRates = new ArrayList<>();
    long entries = 0;
    for (int r = 0; r < rounds; r++) {
      for (String prefix : List.of("walk-tree", "walk-none")) {
        DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-lazy-reader")));
        home.run("remote", "add", "origin", "s3://" + RemoteBench.DATAFS + "/" + prefix, "--endpoint",
            proxy.endpoint());
        home.mount("walk@v1", mnt);
        Proc.Lines found = Proc.lines(java.util.Map.of(), List.of("find", mnt.toString()));
        entries = found.count();
        (prefix.equals("walk-tree") ? lazyRates : eagerRates).add(found.count() / found.seconds());
        closer.close(home);
      }
    }
    double lazy = Bench.median(lazyRates);
    double eager = Bench.median(eagerRates);
    report.section(String.format("Lazy metadata: a cold `find` through a mount from a fresh home (%,d entries in %,d "
        + "directories of %d files)", entries, dirs + 50, files));
    report.row("lazily (pages fetched as the walk goes, subdirectories prefetched)",
        String.format("%,.0f entries/s", lazy), String.format("%.2fx the eager mount's walk (goal for the 10M-entry "
            + "version: >= 20k entries/s)", lazy / eager));
    report.row("eagerly (all pages pulled at mount)", String.format("%,.0f entries/s", eager),
        "baseline: the walk reads local pages only");
    report.note(String.format("Medians of %d rounds, interleaved; the mount itself is not in the walk's time.",
        rounds));
  }

  /** Mounts the version from a fresh home through the proxy; adds bytes and requests to {@code wire}; its time. */
  private double mountFresh(String prefix, CountingProxy proxy, Path mnt, long[] wire, Closer closer)
      throws Exception {
    DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-lazy-reader")));
    home.run("remote", "add", "origin", "s3://" + RemoteBench.DATAFS + "/" + prefix, "--endpoint", proxy.endpoint());
    proxy.reset();
    double seconds = home.mount("wire@v1", mnt);
    wire[0] += proxy.bytesDown();
    wire[1] += proxy.requests();
    if (!Files.isDirectory(mnt.resolve("samples"))) throw new IllegalStateException("the mount shows no samples/");
    closer.close(home);
    return seconds;
  }
}
