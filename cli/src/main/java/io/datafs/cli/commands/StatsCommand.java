package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Json;
import io.datafs.core.error.InvalidInputException;
import io.datafs.daemon.DaemonStats;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats", description = {"What the daemon did since it started: per mount and in total, FUSE operations",
    "by kind, bytes read and written, reads that missed the kernel's page cache, errors by errno, a writable mount's",
    "staged bytes; the chunk caches' hits, misses and evictions; requests to remotes, bytes fetched and their latency",
    "(p50/p99). With MOUNT, that mount only (the caches and remotes stay the daemon's)."})
public final class StatsCommand extends DatafsSubcommand {
  @Parameters(arity = "0..1", paramLabel = "MOUNT", description = "A mount directory.") Path mount;
  @Option(names = "--json", description = "{\"total\", \"mounts\": [...], \"cache\", \"remote\"}") boolean json;

  @Override
  protected int run() {
    DaemonStats stats = session.daemon().stats();
    if (mount != null) stats = only(stats, session.path(mount).toString());
    if (json) {
      Json.print(session.out(), stats);
      return 0;
    }
    PrintStream out = session.out();
    out.println("total: " + stats.mounts().size() + " mount(s)");
    print(out, stats.total());
    for (DaemonStats.Mount m : stats.mounts()) {
      String staged = m.writable() ? "  writable, " + m.overlayBytesStaged() + " bytes staged" : "";
      out.println(m.dir() + "  " + m.dataset() + staged);
      print(out, m.fuse());
    }
    DaemonStats.Cache c = stats.cache();
    out.printf("chunk cache: memory %d hits %d misses; disk %d hits %d misses %d evictions, %d bytes held%n",
        c.memoryHits(), c.memoryMisses(), c.diskHits(), c.diskMisses(), c.diskEvictions(), c.diskBytes());
    DaemonStats.Remote r = stats.remote();
    out.printf("remote: %d requests, %d bytes fetched, latency p50 %.1f ms p99 %.1f ms%n",
        r.requests(), r.bytesFetched(), r.fetchMillisP50(), r.fetchMillisP99());
    return 0;
  }

  private static DaemonStats only(DaemonStats all, String dir) {
    List<DaemonStats.Mount> one = all.mounts().stream().filter(m -> m.dir().equals(dir)).toList();
    if (one.isEmpty()) throw new InvalidInputException("not mounted by datafs: " + dir);
    return new DaemonStats(one.get(0).fuse(), one, all.cache(), all.remote());
  }

  private static void print(PrintStream out, DaemonStats.Fuse f) {
    out.println("  operations: " + joined(f.operations()));
    out.printf("  bytes read %d, written %d; reads that missed the page cache %d%n", f.bytesRead(), f.bytesWritten(),
        f.kernelCacheMisses());
    if (!f.errors().isEmpty()) out.println("  errors: " + joined(f.errors()));
  }

  private static String joined(Map<String, Long> counts) {
    if (counts.isEmpty()) return "none";
    return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}
