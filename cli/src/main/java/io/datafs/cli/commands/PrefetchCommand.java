package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.cli.output.TransferBar;
import io.datafs.core.cache.FetchPace;
import io.datafs.core.cache.FetchPlan;
import io.datafs.core.cache.RemoteChunks;
import io.datafs.core.cache.RemoteThroughput;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.repo.ContentSelection;
import io.datafs.core.repo.Repository;
import io.datafs.core.select.PathPattern;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "prefetch", description = {"Fetch the content of a version, or of the PATHs and GLOBs of it, into the",
    "chunk cache ahead of reading it: a mount then reads it without the remote. A mount reading meanwhile shares the",
    "fetches. A version this store lacks has its metadata fetched first, as mount does."})
public final class PrefetchCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1..*", paramLabel = "PATH|GLOB", description = "Files, directories or globs ('train/**')")
  List<String> paths = new ArrayList<>();
  @Option(names = "--plan", description = {"Fetch nothing: print the files, bytes and requests it would take, and the",
      "time at the remote's throughput measured by the last prefetch from it."}) boolean plan;
  @Option(names = "--since", paramLabel = "OLDER", description = "Only what the version adds over OLDER (cats@v3).")
  String since;
  @Option(names = "--json", description = "Print the figures (of the plan, or of what was fetched) as JSON.")
  boolean json;

  @Override
  protected int run() {
    Version v = RemoteAccess.resolveOrFetch(session, address, null, session.out()).version();
    Repository repo = session.repo();
    Version older = since == null ? null : repo.resolve(since);
    ContentSelection s = repo.select(v, older, paths.stream().map(PathPattern::parse).toList());
    if (!s.unmatched().isEmpty()) {
      throw new InvalidInputException("no file of " + v.label() + (older == null ? "" : " added over " + older.label())
          + " matches " + s.unmatched().stream().map(p -> "'" + p.text() + "'").collect(Collectors.joining(", ")));
    }
    RemoteChunks chunks = session.daemon().remoteChunks();
    Map<RemoteRef, List<ObjectLocation>> byRemote = repo.remoteLocations(s.chunks());
    FetchPlan total = byRemote.values().stream().map(chunks::plan).reduce(new FetchPlan(0, 0, 0), FetchPlan::plus);
    String what = Format.count(s.files()) + " files (" + Format.bytes(s.fileBytes()) + ") of " + v.label()
        + (older == null ? "" : " added over " + older.label());
    RemoteThroughput throughput = new RemoteThroughput(repo.layout().cache().resolve("throughput.json"));
    if (plan) return printPlan(s, what, total, byRemote, throughput);
    if (total.chunks() > 0 && session.offline()) {
      throw new RemoteUnreachableException("prefetch of " + v.label() + " needs its remote; --offline was given", null);
    }
    long room = chunks.cache().capacity();
    if (total.bytes() > room) {
      session.err().println("datafs: warning: the selection (" + Format.bytes(total.bytes()) + ") is more than the"
          + " chunk cache can hold now (" + Format.bytes(room) + "): what is fetched first is evicted as the rest"
          + " arrives");
    }
    return fetch(s, what, total, byRemote, throughput);
  }

  private int printPlan(ContentSelection s, String what, FetchPlan total, Map<RemoteRef, List<ObjectLocation>> byRemote,
                        RemoteThroughput throughput) {
    if (json) {
      Optional<RemoteThroughput.Measured> m = byRemote.size() == 1
          ? throughput.of(byRemote.keySet().iterator().next()) : Optional.empty();
      Json.print(session.out(), figures(s, total, m.map(t -> t.estimate(total).toNanos() / 1e9).orElse(null)));
    } else {
      session.out().println(what + ": " + Format.count(total.chunks()) + " chunks to fetch, "
          + Format.bytes(total.bytes()) + " in " + Format.count(total.requests()) + " requests"
          + estimate(throughput, byRemote, total));
    }
    return 0;
  }

  /**
   * Fetches each remote's chunks, then keeps the throughput measured (one remote only: a fetch from several says
   * nothing of each). The bytes and requests are the daemon's counters: a mount reading meanwhile counts too.
   */
  private int fetch(ContentSelection s, String what, FetchPlan total, Map<RemoteRef, List<ObjectLocation>> byRemote,
                    RemoteThroughput throughput) {
    RemoteChunks chunks = session.daemon().remoteChunks();
    for (RemoteRef where : byRemote.keySet()) {
      session.daemon().useRemoteEnvironment(where, session.remoteEnv()); // the caller's credentials
      chunks.connect(where); // not timed: the throughput measured is the remote's, not its client's start
    }
    TransferProgress bar = TransferBar.of("prefetching", "requests", session);
    bar.start(total.requests(), total.bytes());
    FetchPace pace = FetchPace.start(chunks::bytesFetched, total.bytes());
    long requestsBefore = chunks.requests();
    int notKept = 0;
    try {
      for (Map.Entry<RemoteRef, List<ObjectLocation>> e : byRemote.entrySet()) {
        notKept += chunks.fetchAll(e.getValue(), e.getKey(), bar::packDone);
      }
    } finally {
      pace.close();
      TransferBar.close(bar);
    }
    long nanos = pace.nanos();
    long fetched = pace.bytes();
    long requests = chunks.requests() - requestsBefore;
    if (byRemote.size() == 1) {
      RemoteRef only = byRemote.keySet().iterator().next();
      throughput.record(only, pace.measured((int) requests));
    }
    if (json) {
      Map<String, Object> f = figures(s, new FetchPlan(total.chunks(), fetched, (int) requests), null);
      f.put("seconds", nanos / 1e9);
      f.put("notKept", notKept);
      Json.print(session.out(), f);
      return 0;
    }
    session.out().println("prefetched " + what + ": " + Format.count(total.chunks()) + " chunks, "
        + Format.bytes(fetched) + " in " + Format.count(requests) + " requests, " + String.format("%.1f s", nanos / 1e9)
        + (notKept == 0 ? "" : "; " + Format.count(notKept) + " chunks not kept (the cache's disk is full or they are"
        + " larger than its bound)"));
    return 0;
  }

  private static Map<String, Object> figures(ContentSelection s, FetchPlan p, Double estimateSeconds) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("files", s.files());
    f.put("fileBytes", s.fileBytes());
    f.put("chunks", p.chunks());
    f.put("bytes", p.bytes());
    f.put("requests", p.requests());
    if (estimateSeconds != null) f.put("estimateSeconds", estimateSeconds);
    return f;
  }

  /** "; about 12 s at 85 MiB/s (measured ...)" for one remote measured before, else why there is no estimate. */
  private static String estimate(RemoteThroughput throughput, Map<RemoteRef, List<ObjectLocation>> byRemote,
                                 FetchPlan total) {
    if (total.bytes() == 0) return "";
    if (byRemote.size() != 1) return "; no time estimate: the content is on " + byRemote.size() + " remotes";
    RemoteRef where = byRemote.keySet().iterator().next();
    Optional<RemoteThroughput.Measured> m = throughput.of(where);
    if (m.isEmpty()) {
      return "; no time estimate: no prefetch of " + Format.bytes(RemoteThroughput.MIN_BYTES) + " or more from "
          + where + " measured yet";
    }
    return String.format("; about %.1f s at %s/s (the last prefetch from %s)", m.get().estimate(total).toNanos() / 1e9,
        Format.bytes((long) m.get().bytesPerSecond()), where);
  }
}
