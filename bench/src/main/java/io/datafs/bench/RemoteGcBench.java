package io.datafs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.metadata.RocksKvStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code datafs gc --remote} of an S3Proxy bucket of {@code packs} packs, half of them garbage: the requests it makes,
 * by kind, counted on the wire by a {@link CountingProxy}, from the home that pushed the packs and from a fresh home
 * (twice: the second reads the pack indexes the first kept in its {@code cache/index}). The store: {@code packs / 2}
 * versions of a dataset, each an import of one small file of its own (one data pack and one metadata pack), made
 * in-process (thousands of imports through the CLI would take an hour); {@code retain --keep-last} half of them on the
 * remote leaves the other half's packs to collect.
 */
final class RemoteGcBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "rgc";
  private static final Pattern PATH = Pattern.compile("^(GET|PUT|POST|DELETE|HEAD) /" + BUCKET + "/?([^?]*)(\\?.*)?$");

  private final Path work;
  private final Path launcher;
  private final Report report;
  private final int packs;

  RemoteGcBench(Path work, Path launcher, boolean quick, Report report, int packs) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.report = report;
    this.packs = packs > 0 ? packs : quick ? 200 : 1_000;
  }

  void run() throws Exception {
    int versions = packs / 2;
    Closer closer = new Closer();
    try {
      S3Server s3 = closer.add(S3Server.start(work.resolve("rgc-s3store")));
      s3.createBucket(BUCKET);
      CountingProxy proxy = closer.add(new CountingProxy(s3.port()));
      DatafsHome writer = closer.add(new DatafsHome(launcher, work.resolve("home-rgc-writer")));
      Bench.log("remote gc: " + versions + " imports of one file each, in-process");
      Path src = work.resolve("rgc-src");
      SplittableRandom rnd = new SplittableRandom(23);
      try (Repository repo = Repository.open(writer.home, dir -> RocksKvStore.open(dir, Duration.ofSeconds(10)))) {
        for (int i = 0; i < versions; i++) {
          Proc.runQuietly(List.of("rm", "-rf", src.toString()));
          DataGen.write(src.resolve(String.format("f%06d.bin", i)), rnd, 4096);
          repo.importFolder(src, new DatasetName("d"), new ImportOptions("bench", "bench", Map.of()),
              ImportProgress.NONE);
        }
      }
      Proc.runQuietly(List.of("rm", "-rf", src.toString()));
      writer.addRemote("origin", BUCKET, "r", proxy.endpoint());
      writer.run("push", "d");
      writer.run("retain", "d", "--keep-last", String.valueOf(versions - versions / 2), "--remote");
      Thread.sleep(1_100); // S3 dates objects to the second: a GC with no grace keeps its own second's
      Map<String, Long> pushed = gc(writer, proxy);

      DatafsHome fresh = closer.add(new DatafsHome(launcher, work.resolve("home-rgc-fresh")));
      fresh.addRemote("origin", BUCKET, "r", proxy.endpoint());
      Map<String, Long> first = gc(fresh, proxy);
      Map<String, Long> second = gc(fresh, proxy);

      report.section(String.format("GC of a remote: `datafs gc --remote` of %,d packs on S3Proxy (%,d versions of "
          + "one file, %,d removed by `retain --remote`), requests by kind on the wire", packs, versions,
          versions / 2));
      report.row("from the home that pushed", show(pushed), goal(pushed));
      report.row("from a fresh home", show(first), "every index and live metadata pack read once");
      report.row("from that home again", show(second), goal(second));
      report.note("Counted by a proxy in front of S3Proxy (request lines by method and key: `index` is "
          + "`index/<pack>`, `pack` `packs/..`, `record` `versions/..`, `tombstone` `removed/..`, `gc` "
          + "`gc/running.json`; LIST is any listing page). GETs of records are the roots the mark starts from, one per "
          + "version kept; a home reads pack indexes from cache/index, then from its own packs, and GETs only the "
          + "rest; it deletes what it listed without a HEAD first (Remote.deleteListed).");
    } finally {
      closer.closeAll();
    }
  }

  /** Runs a GC of {@code origin} with no grace in {@code home}; the requests it made, by kind. */
  private Map<String, Long> gc(DatafsHome home, CountingProxy proxy) throws Exception {
    proxy.reset();
    JsonNode r = JSON.readTree(home.run("gc", "--remote", "origin", "--grace", "0s", "--force", "--json").output());
    Map<String, Long> kinds = kinds(proxy.requestLines());
    Bench.log("remote gc: " + r.get("packsDeleted").asLong() + " packs deleted; requests " + kinds);
    kinds.put("packs deleted", r.get("packsDeleted").asLong());
    return kinds;
  }

  /** {@code LIST}, or the method and the key's first folder ({@code GET index}, {@code DELETE pack}). */
  static Map<String, Long> kinds(List<String> requestLines) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : requestLines) {
      Matcher m = PATH.matcher(line);
      String kind;
      if (!m.matches()) {
        kind = line;
      } else if (m.group(1).equals("GET") && m.group(3) != null && m.group(3).contains("list-type")) {
        kind = "LIST";
      } else {
        String key = m.group(2).startsWith("r/") ? m.group(2).substring(2) : m.group(2);
        String area = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
        kind = m.group(1) + " " + switch (area) {
          case "packs" -> "pack";
          case "versions" -> "record";
          case "removed" -> "tombstone";
          default -> area;
        };
      }
      out.merge(kind, 1L, Long::sum);
    }
    return out;
  }

  private static String show(Map<String, Long> kinds) {
    StringBuilder s = new StringBuilder();
    kinds.forEach((k, n) -> {
      if (!k.equals("packs deleted")) s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(n);
    });
    return s + String.format(" (%,d packs deleted)", kinds.get("packs deleted"));
  }

  private static String goal(Map<String, Long> kinds) {
    long packReads = kinds.getOrDefault("GET pack", 0L) + kinds.getOrDefault("GET index", 0L);
    return packReads == 0 ? "no GET of a pack or an index (goal met)" : packReads + " GETs of packs or indexes";
  }
}
