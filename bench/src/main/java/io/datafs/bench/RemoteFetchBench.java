package io.datafs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a lazy mount fetches: a 10 GiB version (100 files of 100 MiB and 1,000 of 100 KB) pushed to S3, then a fresh
 * home mounts it through a counting TCP proxy in front of S3Proxy and reads one 100 KB file; the bytes and requests
 * on the wire are counted for the mount (metadata) and for the read, separately. The generated data, the writer's
 * store and the remote's copy are deleted afterwards: they take ~20 GB at the peak.
 */
final class RemoteFetchBench {
  /** Free space the full run needs under the work dir: the data, then the store, then the remote's copy. */
  private static final long FULL_NEEDS = 25_000_000_000L;

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;
  private final S3Server s3;
  private final Path mnt;
  private final Closer closer;

  RemoteFetchBench(Path work, Path launcher, boolean quick, Report report, S3Server s3, Path mnt, Closer closer) {
    this.work = work;
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
    this.s3 = s3;
    this.mnt = mnt;
    this.closer = closer;
  }

  void run() throws Exception {
    int bigFiles = quick ? 10 : 100;
    long bigSize = quick ? 10L << 20 : 100L << 20;
    int smallFiles = quick ? 100 : 1_000;
    int smallSize = 100_000;
    long versionBytes = bigFiles * bigSize + (long) smallFiles * smallSize;
    String title = String.format("Remote: bytes and requests on the wire to read one 100 KB file of a %s version (%d x "
        + "%d MiB + %,d x 100 KB), from a fresh home", gib(versionBytes), bigFiles, bigSize >> 20, smallFiles);
    long free = Files.getFileStore(work).getUsableSpace();
    if (!quick && free < FULL_NEEDS) {
      report.section(title);
      report.row("skipped", String.format("%.1f GB free under %s", free / 1e9, work), "needs 25 GB");
      Bench.log("skipping the 10 GiB version: only " + free / 1_000_000_000 + " GB free");
      return;
    }
    Path data = work.resolve("remote-version-" + (versionBytes >> 20) + "m");
    Proc.runQuietly(List.of("rm", "-rf", data.toString()));
    Bench.log("generating " + bigFiles + " files of " + (bigSize >> 20) + " MiB and " + smallFiles + " of 100 KB");
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < bigFiles; i++) DataGen.write(data.resolve(String.format("shards/shard_%03d.bin", i)), rnd,
        bigSize);
    for (int i = 0; i < smallFiles; i++) {
      DataGen.write(data.resolve(String.format("samples/s%05d.bin", i)), rnd, smallSize);
    }
    String file = String.format("samples/s%05d.bin", smallFiles / 2);
    byte[] expected = Files.readAllBytes(data.resolve(file));

    DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-remote-big-writer")));
    writer.addRemote("origin", RemoteBench.DATAFS, "big10", s3.endpoint());
    Proc.Run imported = writer.run("import", data.toString(), "huge", "-m", "bench");
    Proc.runQuietly(List.of("rm", "-rf", data.toString())); // its copy is in the store now
    Proc.Run pushed = writer.run("push", "huge");
    Bench.log(String.format("imported in %.1f s, pushed in %.1f s: %s", imported.seconds(), pushed.seconds(),
        pushed.output().strip()));
    closer.close(writer);

    CountingProxy proxy = closer.add(new CountingProxy(s3.port()));
    DatafsHome reader = closer.add(new DatafsHome(launcher, work.resolve("home-remote-big-reader")));
    reader.addRemote("origin", RemoteBench.DATAFS, "big10", proxy.endpoint());
    proxy.reset();
    double mountSeconds = reader.mount("huge@v1", mnt);
    long metaBytes = proxy.bytesDown();
    long metaUp = proxy.bytesUp();
    long metaRequests = proxy.requests();
    proxy.reset();
    byte[] read = Files.readAllBytes(mnt.resolve(file));
    reader.umount(mnt);
    reader.stopDaemon(); // so anything the read set off in the background (prefetch) has ended, and is counted too
    long fileBytes = proxy.bytesDown();
    long fileRequests = proxy.requests();
    if (!Arrays.equals(expected, read)) throw new IllegalStateException(file + " read wrong bytes through the mount");
    long cacheAll = du(reader.home.resolve("cache"));
    long cacheChunks = du(reader.home.resolve("cache/chunks"));
    closer.close(reader);
    closer.close(proxy);
    s3.deletePrefix(RemoteBench.DATAFS, "big10");

    report.section(title);
    report.row("the version", gib(versionBytes), "baseline: what a full `datafs pull` would fetch");
    report.row("`datafs mount huge@v1` (metadata)", String.format("%s down (%s up) in %d requests, %s",
        bytes(metaBytes), bytes(metaUp), metaRequests, RemoteBench.ms(mountSeconds)),
        String.format("%.4f%% of the version", 100.0 * metaBytes / versionBytes));
    report.row("reading `" + file + "` (100,000 bytes) through the mount", String.format("%s down in %d request%s",
        bytes(fileBytes), fileRequests, fileRequests == 1 ? "" : "s"),
        String.format("%.2fx the file's size (goal: one ranged GET, about the file)", (double) fileBytes / smallSize));
    report.row("the reader's `$DATAFS_HOME/cache` afterwards: all / its chunks", bytes(cacheAll) + " / "
        + bytes(cacheChunks), "the rest: what the mount fetched (pack indexes, metadata)");
    report.note("Counted on the wire by a TCP proxy between the datafs daemon and S3Proxy (HTTP request lines and "
        + "bytes, headers included); the fresh home has only the remote configured. The read is counted from the "
        + "file's open until its daemon has stopped, so prefetch it sets off is included. The writer pushed directly "
        + "to S3Proxy (" + String.format("import %.0f s, push %.0f s", imported.seconds(), pushed.seconds())
        + ": \"" + pushed.output().strip() + "\"); the data, its store and the remote's copy are deleted after this "
        + "part.");
  }

  /** The bytes of the files under {@code dir}. */
  private static long du(Path dir) throws Exception {
    if (!Files.exists(dir)) return 0;
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static String gib(long b) {
    return b >= 1L << 30 ? String.format("%.1f GiB", b / (double) (1L << 30))
        : String.format("%.0f MiB", b / 1048576.0);
  }

  static String bytes(long b) {
    return b < 1 << 20 ? String.format("%,d B", b) : String.format("%.2f MiB", b / 1048576.0);
  }
}
