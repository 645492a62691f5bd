package io.datafs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * GC of a store half of which is garbage spread over partly-live packs, against {@code restic prune} of a repository
 * holding the same data with the same snapshot forgotten. Files of 1 MiB in 16 directories: the dataset {@code all}
 * holds every file, {@code half} every other one of each directory in name order (hard links: the same bytes,
 * deduplicated in both tools); {@code all} is removed ({@code datafs rm}, {@code restic forget}), so every pack of
 * either tool (datafs's of 128 MiB, restic's of a few MiB, both filled in name order) is half live and a GC repacks
 * them all. (Keeping whole directories instead left restic's small packs all live or all dead, so restic deleted
 * where datafs copied.) restic prunes with {@code --max-unused 0}, so both end holding exactly the live data. Size:
 * 256 MiB with --quick, 1 GiB by default, {@code --gc-gb N} for the 20 GB.
 */
final class GcBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FILE = 1 << 20;

  private final Path work;
  private final Path launcher;
  private final Report report;
  private final long bytes;

  GcBench(Path work, Path launcher, boolean quick, Report report, double gb) {
    this.work = work;
    this.launcher = launcher;
    this.report = report;
    this.bytes = gb > 0 ? (long) (gb * 1e9) : quick ? 256L << 20 : 1L << 30;
  }

  void run() throws Exception {
    int files = (int) (bytes / FILE);
    Path all = work.resolve("gc2-" + files).resolve("all"); // gc2: every other file of each directory kept
    Path half = all.resolveSibling("half");
    if (!Files.exists(all.getParent().resolve(".complete"))) {
      Bench.log("generating " + files + " files of 1 MiB, and every other one linked into half/");
      Proc.runQuietly(List.of("rm", "-rf", all.getParent().toString()));
      SplittableRandom rnd = new SplittableRandom(17);
      for (int i = 0; i < files; i++) {
        Path f = all.resolve(String.format("d%02d/f%06d.bin", i % 16, i));
        DataGen.write(f, rnd, FILE);
        if (i / 16 % 2 == 0) { // every other file of its directory
          Files.createDirectories(half.resolve(f.getParent().getFileName().toString()));
          Files.createLink(half.resolve(all.relativize(f).toString()), f);
        }
      }
      Files.writeString(all.getParent().resolve(".complete"), "");
    }

    JsonNode gc = null;
    double dfs = Double.MAX_VALUE;
    double restic = Double.MAX_VALUE;
    long storeBefore = 0;
    long storeAfter = 0;
    long repoBefore = 0;
    long repoAfter = 0;
    for (int round = 0; round < 2; round++) {
      try (DatafsHome home = new DatafsHome(launcher, work.resolve("home-gc"))) {
        home.run("import", all.toString(), "all");
        home.run("import", half.toString(), "half");
        home.run("rm", "all");
        storeBefore = du(home.home.resolve("packs"));
        long start = System.nanoTime();
        gc = JSON.readTree(home.run("gc", "--json").output());
        dfs = Math.min(dfs, (System.nanoTime() - start) / 1e9);
        storeAfter = du(home.home.resolve("packs"));
        home.run("verify");
      }

      Path repo = work.resolve("restic-gc");
      Proc.runQuietly(List.of("rm", "-rf", repo.toString()));
      Map<String, String> env = Map.of("RESTIC_PASSWORD", "bench", "RESTIC_REPOSITORY", repo.toString());
      Proc.run(env, List.of("restic", "init", "-q"));
      Proc.run(env, List.of("restic", "backup", "-q", "--tag", "all", all.toString()));
      Proc.run(env, List.of("restic", "backup", "-q", "--tag", "half", half.toString()));
      Proc.run(env, List.of("restic", "forget", "-q", "--tag", "all", "--keep-tag", "half"));
      repoBefore = du(repo.resolve("data"));
      restic = Math.min(restic, Proc.run(env, List.of("restic", "prune", "-q", "--max-unused", "0")).seconds());
      repoAfter = du(repo.resolve("data"));
      Proc.runQuietly(List.of("rm", "-rf", repo.toString()));
      Bench.log(String.format("round %d: datafs gc %.2f s, restic prune %.2f s", round + 1, dfs, restic));
    }

    report.section(String.format("GC of a store half garbage, spread over partly-live packs (%,d files of 1 MiB,"
        + " %.2f GB; every other file removed; best of 2)", files, files * (double) FILE / 1e9));
    report.row("restic prune --max-unused 0", String.format("%.2f s, %s -> %s", restic, Bench.mib(repoBefore),
        Bench.mib(repoAfter)), "baseline");
    report.row("datafs gc", String.format("%.2f s, %s -> %s", dfs, Bench.mib(storeBefore), Bench.mib(storeAfter)),
        String.format("%.2fx restic's time (goal <= 1)", dfs / restic));
    report.row("datafs gc: packs", String.format("%d repacked into %d, %d deleted", gc.get("packsRepacked").asLong(),
        gc.get("packsWritten").asLong(), gc.get("packsDeleted").asLong()), String.format("%s copied, %s freed",
        Bench.mib(gc.get("copiedBytes").asLong()), Bench.mib(gc.get("diskBytesFreed").asLong())));
    report.note("datafs gc timed through bin/datafs (client JVM start included) with its daemon already running;"
        + " restic 0.14 as installed, its repository on the same disk.");
  }

  private static long du(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
