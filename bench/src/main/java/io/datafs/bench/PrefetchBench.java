package io.datafs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code datafs prefetch} of a glob from a cold S3Proxy against a cold read of one 1 GiB file through a mount of the
 * same remote (the remote block's figure, measured again here under the same conditions), and {@code --plan}'s time
 * estimate against the prefetch's real time. One version: {@code train/} (the glob: 32 files of 64 MiB, 2 GiB),
 * {@code warm/} (256 MiB, prefetched first so that the remote's throughput is measured, as a user's earlier prefetch
 * would have) and {@code big.bin} (1 GiB, outside the glob). Quick: an eighth of each.
 */
final class PrefetchBench {
  private static final String BUCKET = "prefetch";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;

  PrefetchBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
  }

  void run() throws Exception {
    Path mnt = work.resolve("mnt-prefetch");
    Mounts.detach(mnt);
    int shrink = quick ? 8 : 1;
    long shard = (64L << 20) / shrink;
    long big = (1L << 30) / shrink;
    long warm = (256L << 20) / shrink;
    Path data = work.resolve("prefetch-data");
    Proc.runQuietly(List.of("rm", "-rf", data.toString()));
    SplittableRandom rnd = new SplittableRandom(17);
    for (int i = 0; i < 32; i++) DataGen.write(data.resolve(String.format("train/shard_%02d.bin", i)), rnd, shard);
    for (int i = 0; i < 4; i++) DataGen.write(data.resolve(String.format("warm/w_%d.bin", i)), rnd, warm / 4);
    DataGen.write(data.resolve("big.bin"), rnd, big);
    long glob = 32 * shard;
    Closer closer = new Closer();
    try {
      S3Server s3 = closer.add(S3Server.start(work.resolve("prefetch-s3store")));
      s3.createBucket(BUCKET);
      DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-prefetch-writer")));
      writer.addRemote("origin", BUCKET, "ds", s3.endpoint());
      writer.run("import", data.toString(), "ds", "-m", "bench");
      writer.run("push", "ds");
      closer.close(writer);
      Proc.runQuietly(List.of("rm", "-rf", data.toString()));
      // the server's files in its page cache, as for the remote block's cold reads
      Proc.run(Map.of(), List.of("bash", "-c", "find '" + s3.dir(BUCKET, "ds") + "' -type f -print0 | xargs -0 cat"
          + " > /dev/null"));

      DatafsHome cold = closer.add(new DatafsHome(launcher, work.resolve("home-prefetch-cold")));
      cold.addRemote("origin", BUCKET, "ds", s3.endpoint());
      cold.mount("ds@v1", mnt);
      double read = Proc.time(Map.of(), List.of("dd", "if=" + mnt.resolve("big.bin"), "of=/dev/null", "bs=1M"));
      closer.close(cold);

      DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-prefetch")));
      home.addRemote("origin", BUCKET, "ds", s3.endpoint());
      // measures the remote's throughput (and fetches the metadata)
      JsonNode warmed = json(home.run("prefetch", "ds@v1", "warm/**", "--json").output());
      JsonNode plan = json(home.run("prefetch", "ds@v1", "train/**", "--plan", "--json").output());
      Proc.Run fetched = home.run("prefetch", "ds@v1", "train/**", "--json");
      JsonNode real = json(fetched.output());
      closer.close(home);
      s3.deletePrefix(BUCKET, "ds");

      double readMBs = big / 1e6 / read;
      double prefetchSeconds = real.get("seconds").asDouble();
      double prefetchMBs = glob / 1e6 / prefetchSeconds;
      double estimate = plan.path("estimateSeconds").asDouble(Double.NaN);
      // the model before FetchPace: the warm-up's whole average, scaled by the streams each ran
      double streams = Math.min(4, plan.get("requests").asDouble()) / Math.min(4, warmed.get("requests").asDouble());
      double wholeEstimate = plan.get("bytes").asDouble() / (warmed.get("bytes").asDouble()
          / warmed.get("seconds").asDouble() * streams);
      report.section(String.format("Prefetch: `datafs prefetch ds@v1 'train/**'` (%d files, %s) from a cold S3Proxy, "
          + "against a cold read of one %s file through a mount", 32, RemoteFetchBench.gib(glob),
          RemoteFetchBench.gib(big)));
      report.row("cold read of big.bin through a fresh mount (`dd bs=1M`)", String.format("%.0f MB/s (%.1f s)",
          readMBs, read), "baseline");
      report.row("`datafs prefetch` of the glob", String.format("%.0f MB/s (%.1f s; %s in %d requests)", prefetchMBs,
          prefetchSeconds, RemoteFetchBench.bytes(real.get("bytes").asLong()), real.get("requests").asLong()),
          String.format("%.2fx the cold read (goal: >= 1x)", prefetchMBs / readMBs));
      report.row("`--plan`'s estimate", String.format("%.1f s (%s in %d requests planned)", estimate,
          RemoteFetchBench.bytes(plan.get("bytes").asLong()), plan.get("requests").asLong()),
          String.format("%.2fx the real time (goal: within 25%%)", estimate / prefetchSeconds));
      report.row("an estimate from the warm-up's whole average (the model before)",
          String.format("%.1f s", wholeEstimate),
          String.format("%.2fx the real time", wholeEstimate / prefetchSeconds));
      report.note("Both from fresh homes with only the remote configured, S3Proxy (filesystem store, loopback) in the "
          + "bench JVM, its files in the page cache. The prefetch's time is its own (`--json` `seconds`: from its "
          + "first request to its last chunk in the cache, metadata fetched before); the estimate is `--plan`'s, from "
          + "the throughput of an earlier prefetch of warm/ (" + RemoteFetchBench.gib(warm) + ") from the same "
          + "remote from the moment half of it had arrived (FetchPace), kept in the home's cache/throughput.json. "
          + "The cold read's time is `dd`'s on a mounted version.");
    } finally {
      closer.closeAll(); // unmounts, stops daemons, stops S3Proxy, even on failure
    }
  }

  private static JsonNode json(String output) throws Exception {
    return JSON.readTree(output.substring(output.indexOf('{')));
  }
}
