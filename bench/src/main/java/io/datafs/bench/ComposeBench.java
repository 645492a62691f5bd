package io.datafs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Composing by query over a million annotated objects (issue 14), side by side in one run: the cost of indexing
 * annotations at import (the same import with {@code --no-index} as baseline), {@code datafs ls --query} against a
 * python3 script that walks the plain folder and parses every annotation with {@code json}, {@code datafs compose} of
 * a 10% sample (time, store bytes and chunks added), and labelling by query. The store is deleted at the end; the
 * generated folder is kept under the work dir for the next run.
 */
final class ComposeBench {
  private static final String DATASET = "annotated";
  /** A query and the python predicate (in walk_query.py) written by hand to mean the same. */
  private record Query(String name, String text, String why) {}
  private static final List<Query> QUERIES = List.of(
      new Query("cats", "class == \"cats\" AND score > 0.5", "selective"),
      new Query("ldb", "( *.classes[0] != \"cat.*\" ) AND ( length(*.classes) < 5 )",
          "LDB's example; true for every valid annotation here"));
  private static final int ROUNDS = 3;
  private static final long GIB = 1L << 30;

  private final Path work;
  private final Path launcher;
  private final boolean quick;
  private final Report report;
  private final Closer closer = new Closer();

  ComposeBench(Path work, Path launcher, boolean quick, Report report) {
    this.work = work.toAbsolutePath();
    this.launcher = launcher;
    this.quick = quick;
    this.report = report;
  }

  void run() throws Exception {
    int dirs = quick ? 20 : 1_000;
    long objects = (long) dirs * AnnotatedData.PER_DIR;
    Thread hook = new Thread(closer::closeAll, "bench-compose-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      checkSpace(dirs, objects);
      Path data = AnnotatedData.folder(work, dirs);
      DatafsHome home = indexCost(data, dirs, objects);
      long[] counts = queries(home, data, objects);
      compose(home);
      labels(home, counts[0]);
      report.section("Compose: the daemon's memory");
      report.row("daemon peak RSS over the queries, compose and labelling (one daemon)", Bench.mib(daemonPeak(home)),
          "heap capped at 1 GiB by bin/datafs");
    } finally {
      closer.closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs (and finds nothing left to do)
      }
    }
  }

  /** Refuses to start (one line, what is needed) when the folder and a store of it would not fit. */
  private void checkSpace(int dirs, long objects) throws IOException {
    Files.createDirectories(work);
    long source = AnnotatedData.generated(work, dirs) ? 0 : AnnotatedData.diskBytes(dirs);
    long store = objects * 11_500 + GIB; // packs (data uncompressible) and the index, plus room for RocksDB's work
    long free = Files.getFileStore(work).getUsableSpace();
    Bench.log(String.format("compose block: needs %.1f GB free under %s (%.1f GB to generate the folder, %.1f GB "
        + "for one store at a time); %.1f GB free", (source + store) / 1e9, work, source / 1e9, store / 1e9,
        free / 1e9));
    if (free < source + store) {
      throw new IllegalStateException(String.format("compose block: needs %.1f GB free under %s, has %.1f GB",
          (source + store) / 1e9, work, free / 1e9));
    }
  }

  /** The import with --no-index, then with indexing, each in a fresh home and daemon; returns the indexed home. */
  private DatafsHome indexCost(Path data, int dirs, long objects) throws Exception {
    Imported plain;
    try (DatafsHome h = new DatafsHome(launcher, work.resolve("home-compose-noindex"))) {
      plain = importInFreshDaemon(h, data, false);
    }
    DatafsHome home = closer.add(new DatafsHome(launcher, work.resolve("home-compose")));
    Imported indexed = importInFreshDaemon(home, data, true);
    long parsed = indexed.result.get("annotationsParsed").asLong();
    long invalid = indexed.result.get("invalidAnnotations").size();
    if (parsed != objects || invalid != AnnotatedData.invalidAmong(objects)) {
      throw new IllegalStateException("the indexed import parsed " + parsed + " annotations, " + invalid
          + " invalid; expected " + objects + ", " + AnnotatedData.invalidAmong(objects));
    }
    long bytes = indexed.result.get("totals").get("bytes").asLong();
    double ratio = indexed.seconds / plain.seconds;
    report.section(String.format("Compose: index cost, `datafs import` of %,d data files of 8-12 KB + as many JSON "
        + "annotations in %,d dirs (%.2f GB; one run each, fresh home and daemon)", objects, dirs, bytes / 1e9));
    report.row("`datafs import --no-index`", secs(plain.seconds)
        + String.format(" (%,.0f objects/s)", objects / plain.seconds), "baseline");
    report.row("`datafs import` (annotations indexed)", secs(indexed.seconds)
        + String.format(" (%,.0f objects/s)", objects / indexed.seconds),
        String.format("%.2fx --no-index (goal <= 1.3%s)", ratio, met(ratio <= 1.3)));
    report.row("annotations parsed / reported invalid by the indexed import",
        String.format("%,d / %,d", parsed, invalid),
        "one in " + AnnotatedData.INVALID_EVERY + " is cut short on purpose");
    report.row("daemon peak RSS, import --no-index / indexed", Bench.mib(plain.daemonPeakRss) + " / "
        + Bench.mib(indexed.daemonPeakRss), "heap capped at 1 GiB by bin/datafs");
    report.note("Each import runs in a fresh home and a daemon started for it (its start is in the time), one after "
        + "the other, the first home deleted before the second import: two stores do not fit beside the folder on "
        + "this shared disk, so each is measured once. Both read the folder as the other left it (at the full size it "
        + "is larger than what this machine's page cache keeps). Indexing parses every annotation once and keeps it "
        + "by content id, so queries never read or parse the JSON files again.");
    return home;
  }

  private record Imported(double seconds, long daemonPeakRss, JsonNode result) {}

  /** One import in a daemon started for it (the time includes its start), then that daemon stopped. */
  private Imported importInFreshDaemon(DatafsHome home, Path data, boolean index) throws Exception {
    List<String> args = new ArrayList<>(List.of("import", data.toString(), DATASET, "-m", "bench", "--json"));
    if (!index) args.add("--no-index");
    Bench.log("import " + (index ? "with" : "without") + " indexing");
    Proc.Run r = home.run(args.toArray(String[]::new));
    long peak = daemonPeak(home);
    home.stopDaemon();
    Bench.log(String.format("imported in %.1f s, daemon peak RSS %s", r.seconds(), Bench.mib(peak)));
    return new Imported(r.seconds(), peak, json(r.output()));
  }

  /**
   * ls --query (count, and listing with the time to its first line) against the python walk, each query: one
   * untimed run of each, then {@value #ROUNDS} interleaved rounds; every timed run has its input read just before
   * (the folder's annotations for python, the store's index for datafs), as this machine's kernel pages out what is
   * not touched for a minute (DAMON reclaim). Returns the match count of each query.
   */
  private long[] queries(DatafsHome home, Path data, long objects) throws Exception {
    Path script = work.resolve("walk_query.py");
    try (InputStream in = ComposeBench.class.getResourceAsStream("walk_query.py")) {
      Files.write(script, in.readAllBytes());
    }
    Map<Query, List<double[]>> times = new LinkedHashMap<>();
    long[] counts = new long[QUERIES.size()];
    for (int round = 0; round <= ROUNDS; round++) {
      for (int q = 0; q < QUERIES.size(); q++) {
        Query query = QUERIES.get(q);
        warm("bash", "-c", "find \"$1\" -name '*.json' -print0 | xargs -0 cat > /dev/null", "bash", data.toString());
        Proc.Lines python = Proc.lines(Map.of(), List.of("python3", script.toString(), data.toString(), query.name));
        warm("bash", "-c", "cat \"$1\"/* > /dev/null", "bash", home.home.resolve("db").toString());
        Proc.Run count = home.run("ls", DATASET, "--query", query.text, "--count");
        warm("bash", "-c", "cat \"$1\"/* > /dev/null", "bash", home.home.resolve("db").toString());
        Proc.Lines list = Proc.lines(Map.of("DATAFS_HOME", home.home.toString()),
            List.of(launcher.toString(), "ls", DATASET, "--query", query.text));
        long counted = Long.parseLong(count.output().strip());
        if (python.count() != counted || list.count() != counted) {
          throw new IllegalStateException(String.format("%s: python selects %d, datafs ls --count %d, datafs ls %d",
              query.text, python.count(), counted, list.count()));
        }
        counts[q] = counted;
        Bench.log(String.format("round %d, %s: python %.1f s, ls --count %.1f s, ls %.1f s (first line %.0f ms), %,d "
            + "selected", round, query.name, python.seconds(), count.seconds(), list.seconds(), list.firstLine() * 1e3,
            counted));
        if (round == 0) continue; // the untimed run
        times.computeIfAbsent(query, k -> new ArrayList<>())
            .add(new double[] {python.seconds(), count.seconds(), list.seconds(), list.firstLine()});
      }
    }
    report.section(String.format("Compose: `datafs ls DS --query Q` over %,d objects against a python3 script that "
        + "walks the folder, parses every annotation with `json` and applies Q written by hand (median of %d "
        + "interleaved rounds, page cache warm)", objects, ROUNDS));
    for (int q = 0; q < QUERIES.size(); q++) {
      Query query = QUERIES.get(q);
      double python = median(times.get(query), 0);
      double count = median(times.get(query), 1);
      double list = median(times.get(query), 2);
      double firstLine = median(times.get(query), 3);
      String what = String.format("`%s` (%s; %,d selected)", query.text.replace("|", "\\|"), query.why, counts[q]);
      report.row(what + ": python3 walk", rate(objects / python), "baseline");
      report.row("... `datafs ls --count`", rate(objects / count),
          String.format("%.2fx python (goal >= 5%s)", python / count, met(python / count >= 5)));
      report.row("... `datafs ls` (paths to /dev/null)", rate(objects / list),
          String.format("%.2fx python (goal >= 5%s)", python / list, met(python / list >= 5)));
      report.row("... `datafs ls`: time to the first line", String.format("%.0f ms", firstLine * 1e3),
          "goal < 1 s" + met(firstLine < 1));
    }
    report.note("Objects/s is the number of data objects in the version over the command's wall time, its client's JVM "
        + "start (about 0.5 s) included. Output is read from a pipe as it comes and discarded; the first line is timed "
        + "from the command's start. The python3 script (`bench/src/main/resources/io/datafs/bench/walk_query.py`) "
        + "pairs and parses as datafs does and applies each query written by hand; the block fails unless it, "
        + "`ls --count` and `ls` select the same number of objects. Each timed run has its input read, untimed, just "
        + "before (the folder's `.json` files for python, the store's `db/` for datafs, which answers a query from its "
        + "index without reading packs), because this machine's kernel pages out what is not touched for a minute "
        + "(DAMON reclaim). The LDB example selects every valid annotation here (`*.classes` projects to one list, "
        + "which is not a string), so it also measures listing nearly every path.");
    return counts;
  }

  /** compose of a 10% sample, three seeds into three new datasets: wall time, packs/ bytes and chunks added. */
  private void compose(DatafsHome home) throws Exception {
    record Composed(double seconds, long files, long bytes, long packBytesAdded, long chunksAdded) {
      double share() {
        return (double) packBytesAdded / bytes;
      }
    }
    List<Composed> runs = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      long before = packBytes(home);
      Proc.Run r = home.run("compose", "sub" + seed, DATASET, "--sample", "0.1", "--seed", String.valueOf(seed),
          "-m", "bench", "--json");
      JsonNode j = json(r.output());
      Composed c = new Composed(r.seconds(), j.get("totals").get("files").asLong(),
          j.get("totals").get("bytes").asLong(), packBytes(home) - before, j.get("chunksAdded").asLong());
      Bench.log("compose seed " + seed + ": " + c + ", storedBytesAdded " + j.get("storedBytesAdded").asLong());
      runs.add(c);
    }
    double t = Bench.median(runs.stream().map(Composed::seconds).toList());
    Composed worst = runs.stream().max(Comparator.comparingDouble(Composed::share)).orElseThrow();
    long chunks = runs.stream().mapToLong(Composed::chunksAdded).sum();
    report.section("Compose: `datafs compose subN " + DATASET + " --sample 0.1 --seed N --json`, N = 1, 2, 3, each "
        + "into a new dataset (the daemon running)");
    report.row("wall time, median of the 3", secs(t), "goal < 10 s" + met(t < 10));
    report.row(String.format("`packs/` bytes added (the largest share of the 3: %,d files selected, data and "
        + "annotations, %.2f GB)", worst.files, worst.bytes / 1e9), bytesOf(worst.packBytesAdded),
        String.format("%.4f%% of the selected data (goal < 1%%%s)", worst.share() * 100, met(worst.share() < 0.01)));
    report.row("chunks added, all 3", String.valueOf(chunks), "goal 0" + met(chunks == 0));
    report.note("The three seeds select different objects, so no compose finds its tree pages stored by another. "
        + "`packs/` bytes added are the new version's tree pages and record (a compose copies no chunk: the chunks "
        + "added come from its `--json`); the selected data is every selected data file and annotation.");
  }

  /** label by the selective query, then ls --label --count: wall times. */
  private void labels(DatafsHome home, long selected) throws Exception {
    Query q = QUERIES.get(0);
    Proc.Run label = home.run("label", DATASET, "good", "--query", q.text, "--json");
    long labelled = json(label.output()).get("objects").asLong();
    Proc.Run count = home.run("ls", DATASET, "--label", "good", "--count");
    long counted = Long.parseLong(count.output().strip());
    if (labelled != selected || counted != selected) {
      throw new IllegalStateException("label: " + labelled + " labelled, " + counted + " counted, " + selected
          + " selected");
    }
    report.section("Compose: labels (one run each)");
    report.row(String.format("`datafs label %s good --query '%s'` (%,d objects)", DATASET, q.text, labelled),
        secs(label.seconds()), "");
    report.row("`datafs ls " + DATASET + " --label good --count`", secs(count.seconds()), "");
  }

  /** Reads files again, untimed, so the next timed run finds them in the page cache. */
  private static void warm(String... cmd) throws Exception {
    Proc.run(Map.of(), List.of(cmd));
  }

  private static long daemonPeak(DatafsHome home) throws IOException {
    return Proc.peakRss(Long.parseLong(Files.readString(home.home.resolve("daemon.pid")).strip()));
  }

  /** The bytes of the store's packs (not packs/tmp/, packs being written). */
  private static long packBytes(DatafsHome home) throws IOException {
    Path packs = home.home.resolve("packs");
    try (Stream<Path> s = Files.walk(packs)) {
      return s.filter(p -> !p.startsWith(packs.resolve("tmp")) && Files.isRegularFile(p))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static double median(List<double[]> rows, int column) {
    return Bench.median(rows.stream().map(r -> r[column]).toList());
  }

  private static JsonNode json(String out) throws IOException {
    return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
  }

  private static String met(boolean met) {
    return met ? "" : " — missed";
  }

  private static String rate(double objectsPerSecond) {
    return String.format("%,.0f objects/s", objectsPerSecond);
  }

  private static String secs(double seconds) {
    return String.format("%.1f s", seconds);
  }

  private static String bytesOf(long bytes) {
    return bytes < 1 << 20 ? String.format("%,d B", bytes) : String.format("%.2f MiB", bytes / 1048576.0);
  }
}
