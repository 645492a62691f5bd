package io.datafs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 15's {@code datafs get} against {@code rclone copy}, side by side on one S3Proxy (in this JVM, loopback, a
 * filesystem blob store under the work dir): a ~10 GiB version ({@link RegistryVersion}) pushed by datafs to bucket
 * {@value RemoteBench#DATAFS}, a plain copy of its files put in bucket {@value RemoteBench#PLAIN} by rclone; then one
 * 100 KB file and the 1 GiB file, each downloaded cold by both in interleaved rounds and checked against the source.
 * The buckets, the stores and the downloads are deleted at the end.
 */
final class RegistryGetBench {
  private static final String PREFIX = "registry";
  private static final String DATASET = "reg";
  private static final String URL = "s3://" + RemoteBench.DATAFS + "/" + PREFIX;
  /** Room the disk needs beyond the two buckets: a shard or the samples on their way up, a download, scratch. */
  private static final long SLACK = 3L << 30;

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;
  private final Closer closer = new Closer();
  private final Path folder;
  private final Path part;
  private final Path dest;
  private S3Server s3;

  RegistryGetBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
    this.folder = this.work.resolve("registry-version");
    this.part = this.work.resolve("registry-plain-part");
    this.dest = this.work.resolve("registry-dest");
  }

  /** The medians of one file's rounds, and what the untimed first {@code datafs get} said and peaked at. */
  private record Compared(double dfs, double rclone, long bytes, JsonNode got, long getPeakRss) {}

  void run() throws Exception {
    Thread hook = new Thread(this::cleanUp, "bench-registry-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      RegistryVersion full = RegistryVersion.of(Bench.bigFile(work, quick), quick);
      RegistryVersion version = fitting(full);
      s3 = closer.add(S3Server.start(work.resolve("registry-s3store")));
      s3.createBucket(RemoteBench.PLAIN);
      s3.createBucket(RemoteBench.DATAFS);
      Rclone rclone = new Rclone(work, s3.endpoint());
      Bench.log("S3Proxy (filesystem store) at " + s3.endpoint() + "; " + Rclone.version());
      String[] sums = publish(version);
      plainCopy(version, rclone);
      DatafsHome client = closer.add(new DatafsHome(launcher, work.resolve("home-registry-get")));
      Compared small = compare(client, rclone, version.sample(), sums[0], 5);
      Compared big = compare(client, rclone, RegistryVersion.BIG, sums[1], 3);
      report(full, version, small, big);
    } finally {
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs (and finds nothing left to do)
      }
    }
  }

  /** The full version, or as many shards fewer as the free disk needs: two copies of it and {@link #SLACK} must fit. */
  private RegistryVersion fitting(RegistryVersion full) throws IOException {
    long free = Files.getFileStore(work).getUsableSpace();
    Bench.log(String.format("registry block: %.1f GB free under %s; the full version (%.1f GB) needs %.1f GB",
        free / 1e9, work, full.bytes() / 1e9, needs(full) / 1e9));
    RegistryVersion least = full.withShards(Math.min(1, full.shards()));
    if (free < needs(least)) {
      throw new IllegalStateException(String.format("registry block: needs at least %.1f GB free under %s, has %.1f GB",
          needs(least) / 1e9, work, free / 1e9));
    }
    for (int shards = full.shards(); ; shards--) {
      RegistryVersion v = full.withShards(shards);
      if (needs(v) <= free) return v;
    }
  }

  /** Free disk a version needs: the datafs remote's copy and the plain one, or the store and the remote's copy. */
  private static long needs(RegistryVersion v) throws IOException {
    return 2 * v.bytes() + SLACK;
  }

  /**
   * Writes the version as a folder, imports it into a fresh home, deletes the folder (its copy is in the store now),
   * pushes it and deletes the home; returns the sha256 of the sample and of the big file.
   */
  private String[] publish(RegistryVersion version) throws Exception {
    Proc.runQuietly(List.of("rm", "-rf", folder.toString()));
    Bench.log(String.format("generating the version: %d x %d MiB, %,d x 100 KB and %s", version.shards(),
        version.shardSize() >> 20, version.samples(), RegistryVersion.BIG));
    version.writeFolder(folder);
    String[] sums = {sha256(folder.resolve(version.sample())), sha256(version.bigFile())};
    DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-registry-writer")));
    writer.addRemote("origin", RemoteBench.DATAFS, PREFIX, s3.endpoint());
    Proc.Run imported = writer.run("import", folder.toString(), DATASET, "-m", "bench");
    Proc.runQuietly(List.of("rm", "-rf", folder.toString()));
    Proc.Run pushed = writer.run("push", DATASET);
    Bench.log(String.format("imported in %.1f s, pushed in %.1f s: %s", imported.seconds(), pushed.seconds(),
        pushed.output().strip()));
    closer.close(writer);
    return sums;
  }

  /** The same files put in the plain bucket by rclone, one shard at a time (each written again from its seed). */
  private void plainCopy(RegistryVersion version, Rclone rclone) throws Exception {
    long start = System.nanoTime();
    Bench.log("putting a plain copy of the version's files in bucket " + RemoteBench.PLAIN);
    rclone.upload(version.bigFile(), RemoteBench.PLAIN, PREFIX + "/" + RegistryVersion.BIG);
    Path shard = part.resolve("shard.bin");
    for (int i = 0; i < version.shards(); i++) {
      version.writeShard(i, shard);
      rclone.upload(shard, RemoteBench.PLAIN, PREFIX + "/" + RegistryVersion.shardPath(i));
      Files.delete(shard);
    }
    version.writeSamples(part);
    rclone.copy(part.resolve("samples"), RemoteBench.PLAIN, PREFIX + "/samples");
    Proc.runQuietly(List.of("rm", "-rf", part.toString()));
    long[] filesAndBytes = filesAndBytes(s3.dir(RemoteBench.PLAIN, PREFIX));
    if (filesAndBytes[0] != version.files() || filesAndBytes[1] != version.bytes()) {
      throw new IllegalStateException(String.format("the plain copy has %,d files of %,d bytes, the version %,d of %,d",
          filesAndBytes[0], filesAndBytes[1], version.files(), version.bytes()));
    }
    Bench.log(String.format("plain copy put in %.1f s", (System.nanoTime() - start) / 1e9));
  }

  /**
   * One untimed download by each first (the server's files read and its GET path compiled, for both), then
   * {@code rounds} rounds of datafs then rclone, each into a fresh empty folder and checked afterwards, untimed.
   */
  private Compared compare(DatafsHome client, Rclone rclone, String path, String sha256, int rounds) throws Exception {
    Path target = freshDest().resolve(fileName(path));
    Proc.Run first = client.run(get(path, target, true));
    long bytes = check(target, sha256, "datafs get");
    rcloneCopy(rclone, path, sha256);
    List<Double> dfs = new ArrayList<>();
    List<Double> rc = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      target = freshDest().resolve(fileName(path));
      dfs.add(client.time(get(path, target, false)));
      check(target, sha256, "datafs get");
      rc.add(rcloneCopy(rclone, path, sha256));
      Bench.log(String.format("%s round %d: datafs get %.3f s, rclone copy %.3f s", path, round, dfs.get(round - 1),
          rc.get(round - 1)));
    }
    Proc.runQuietly(List.of("rm", "-rf", dest.toString()));
    JsonNode got = new ObjectMapper().readTree(first.output().substring(first.output().indexOf('{')));
    return new Compared(Bench.median(dfs), Bench.median(rc), bytes, got, first.peakRssBytes());
  }

  private String[] get(String path, Path target, boolean json) {
    List<String> args = new ArrayList<>(List.of("get", URL, DATASET + "@v1:" + path, target.toString(), "--endpoint",
        s3.endpoint()));
    if (json) args.add("--json");
    return args.toArray(String[]::new);
  }

  private double rcloneCopy(Rclone rclone, String path, String sha256) throws Exception {
    Path dir = freshDest();
    double t = rclone.download(RemoteBench.PLAIN, PREFIX + "/" + path, dir);
    check(dir.resolve(fileName(path)), sha256, "rclone copy");
    return t;
  }

  private Path freshDest() throws Exception {
    Proc.runQuietly(List.of("rm", "-rf", dest.toString()));
    return Files.createDirectories(dest);
  }

  /** Fails the block unless {@code file} holds the source's bytes; returns its size. */
  private static long check(Path file, String sha256, String who) throws IOException {
    if (!Files.isRegularFile(file) || !sha256(file).equals(sha256)) {
      throw new IllegalStateException(who + " wrote " + file
          + (Files.exists(file) ? " with other bytes than the source's" : ": it is missing"));
    }
    return Files.size(file);
  }

  private void report(RegistryVersion full, RegistryVersion version, Compared small, Compared big) throws IOException {
    report.section(String.format("Registry: `datafs get` of one file of a %s version on S3 (%d x %d MiB, %s and %,d "
        + "files of 100 KB) against `rclone copy` of the same object from a plain copy on the same server (S3Proxy on "
        + "loopback; cold; median of 5 and 3 interleaved rounds)", RemoteFetchBench.gib(version.bytes()),
        version.shards(), version.shardSize() >> 20, RemoteFetchBench.gib(Files.size(version.bigFile())),
        version.samples()));
    double smallRatio = small.dfs / small.rclone;
    report.row(String.format("`%s` (%,d bytes): `rclone copy`", version.sample(), small.bytes),
        RemoteBench.ms(small.rclone), "baseline");
    report.row("... `datafs get`, its JVM's start included", RemoteBench.ms(small.dfs),
        String.format("%.2fx rclone's time (goal <= 1.5%s)", smallRatio, smallRatio <= 1.5 ? "" : " — missed"));
    report.row("... what `datafs get` fetched", fetched(small.got), "");
    double mb = big.bytes / 1e6;
    double bigRatio = big.rclone / big.dfs;
    report.row("`" + RegistryVersion.BIG + "` (" + RemoteFetchBench.gib(big.bytes) + "): `rclone copy`",
        RemoteBench.rate(mb / big.rclone, "MB/s") + String.format(" (%.1f s)", big.rclone), "baseline");
    report.row("... `datafs get`, its JVM's start included", RemoteBench.rate(mb / big.dfs, "MB/s")
        + String.format(" (%.1f s)", big.dfs), String.format("%.2fx rclone's MB/s (goal >= 1%s)", bigRatio,
        bigRatio >= 1 ? "" : " — missed"));
    report.row("... what `datafs get` fetched; its peak RSS", fetched(big.got) + "; " + Bench.mib(big.getPeakRss),
        "heap capped at 1 GiB by bin/datafs");
    String scaled = version.equals(full) ? "" : String.format(" The version is %s, not %s: the disk under the work "
        + "dir had room for two copies of no more (the datafs remote's and the plain one; the block checks first).",
        RemoteFetchBench.gib(version.bytes()), RemoteFetchBench.gib(full.bytes()));
    report.note("Cold: every timed run downloads into a fresh empty folder. `datafs get " + URL + " " + DATASET
        + "@v1:PATH DEST --endpoint ...` (`bin/datafs`, the client's JVM start included) has no store, so it fetches "
        + "the version's metadata and the file's chunks (ranged GETs of packs) each time; `rclone copy s3:"
        + RemoteBench.PLAIN + "/" + PREFIX + "/PATH DIR` (" + RemoteBench.rcloneVersion() + ", its defaults: an "
        + "object of 250 MiB or more in up to 4 ranged streams at once; `AWS_CA_BUNDLE` unset) starts with nothing "
        + "cached either. Rounds run datafs then rclone; one untimed download by each comes first (the server's files "
        + "read into the page cache, S3Proxy's GET path compiled, for both; the fetched figures and peak RSS are that "
        + "`datafs get --json`'s). Each download is checked against the source's sha256 afterwards, untimed; the block "
        + "fails if one differs. The version was imported in a fresh home and pushed by `datafs push`; the plain copy "
        + "was put by `rclone copyto` and `rclone copy` of the same files." + scaled);
  }

  private static String fetched(JsonNode got) {
    long requests = got.get("requests").asLong();
    return String.format("%,d request%s, %s", requests, requests == 1 ? "" : "s",
        RemoteFetchBench.bytes(got.get("bytesFetched").asLong()));
  }

  /** Deletes what the block made, the S3 store with both buckets included; safe to call more than once. */
  private synchronized void cleanUp() {
    closer.closeAll();
    try {
      Proc.runQuietly(List.of("rm", "-rf", folder.toString(), part.toString(), dest.toString()));
    } catch (Exception e) {
      Bench.log("clean-up: " + e);
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static long[] filesAndBytes(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      List<Path> files = s.filter(Files::isRegularFile).toList();
      long bytes = 0;
      for (Path f : files) bytes += Files.size(f);
      return new long[] {files.size(), bytes};
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md = ObjectId.sha256();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return ObjectId.fromDigest(md).hex();
  }
}
