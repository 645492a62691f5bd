package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.cache.ChunkDiskCache;
import io.datafs.core.cache.RemoteChunks;
import io.datafs.core.config.ByteSize;
import io.datafs.core.repo.ContentSelection;
import io.datafs.core.select.PathPattern;
import io.datafs.core.version.Version;
import io.datafs.daemon.CachePins;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cache", description = {"Show the chunk cache of remote content: what it holds, its bound, its hit",
    "ratio and what was fetched since the daemon started, its pins, and per dataset the cached bytes of the versions",
    "mounted or pinned. Subcommands prune, clear, pin and unpin it; all are safe while mounts read."},
    subcommands = {CacheCommand.Prune.class, CacheCommand.Clear.class, CacheCommand.Pin.class,
        CacheCommand.Unpin.class})
public final class CacheCommand extends DatafsSubcommand {
  @Option(names = "--json", description = "Print the figures as JSON.") boolean json;

  @Override
  protected int run() {
    RemoteChunks remote = session.daemon().remoteChunks();
    ChunkDiskCache cache = remote.cache();
    long reads = remote.hits() + remote.misses();
    List<CachePins.Pin> pins = session.daemon().cachePins().list();
    List<CacheUse.DatasetUse> datasets = new CacheUse(session).byDataset(pins);
    if (json) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("directory", cache.directory().toString());
      v.put("bytes", cache.size());
      v.put("maxBytes", cache.maxBytes());
      v.put("entries", cache.count());
      v.put("pinnedBytes", cache.pinnedBytes());
      v.put("hits", remote.hits());
      v.put("misses", remote.misses());
      v.put("hitRatio", reads == 0 ? null : (double) remote.hits() / reads);
      v.put("bytesFetched", remote.bytesFetched());
      v.put("requests", remote.requests());
      v.put("pins", pins.stream().map(CachePins.Pin::describe).toList());
      v.put("datasets", datasets);
      Json.print(session.out(), v);
      return 0;
    }
    var out = session.out();
    out.println("chunk cache " + cache.directory());
    out.println("  held:      " + Format.bytes(cache.size()) + " in " + Format.count(cache.count()) + " chunks, bound "
        + Format.bytes(cache.maxBytes()) + (cache.pinnedBytes() > 0 ? ", " + Format.bytes(cache.pinnedBytes())
        + " pinned" : ""));
    out.println("  hit ratio: " + (reads == 0 ? "no reads yet" : String.format("%.1f%%", 100.0 * remote.hits() / reads)
        + " of " + Format.count(reads) + " chunk reads") + " since the daemon started");
    out.println("  fetched:   " + Format.bytes(remote.bytesFetched()) + " in " + Format.count(remote.requests())
        + " requests since the daemon started");
    for (CachePins.Pin p : pins) out.println("  pinned:    " + p.describe());
    for (CacheUse.DatasetUse d : datasets) {
      out.println("  " + d.dataset() + ": " + Format.bytes(d.cachedBytes()) + " cached of "
          + Format.bytes(d.remoteBytes()) + " remote (" + String.join(", ", d.versions()) + ")");
    }
    return 0;
  }

  @Command(name = "prune", description = {"Evict the least recently used chunks, but the pinned, down to SIZE",
      "(default: half the bound). Readers of mounts keep working: what they need again is fetched again."})
  public static final class Prune extends DatafsSubcommand {
    @Option(names = "--to", paramLabel = "SIZE", description = "Keep at most this much: 512M, 10G, or a share of the"
        + " bound as 50%%.") String to;

    @Override
    protected int run() {
      ChunkDiskCache cache = session.daemon().remoteChunks().cache();
      long target = to == null ? cache.maxBytes() / 2
          : ByteSize.parse(to, "cache prune --to").resolve(cache.maxBytes());
      long freed = cache.prune(target);
      session.out().println("pruned the chunk cache to " + Format.bytes(cache.size()) + ": freed " + Format.bytes(freed)
          + (cache.pinnedBytes() > 0 ? "; " + Format.bytes(cache.pinnedBytes()) + " pinned kept" : ""));
      return 0;
    }
  }

  @Command(name = "clear", description = {"Evict every chunk that is not pinned. Readers of mounts keep working: what",
      "they need again is fetched again."})
  public static final class Clear extends DatafsSubcommand {
    @Override
    protected int run() {
      ChunkDiskCache cache = session.daemon().remoteChunks().cache();
      long freed = cache.prune(0);
      session.out().println("cleared the chunk cache: freed " + Format.bytes(freed)
          + (cache.pinnedBytes() > 0 ? "; " + Format.bytes(cache.pinnedBytes()) + " pinned kept (unpin to drop)" : ""));
      return 0;
    }
  }

  @Command(name = "pin", description = {"Keep the chunks of a version, or of the PATHs and GLOBs of it, out of",
      "eviction (cached now or when read or prefetched later); pins outlive the daemon. `datafs prefetch` fetches",
      "them."})
  public static final class Pin extends DatafsSubcommand {
    @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
    @Parameters(index = "1..*", paramLabel = "PATH|GLOB") List<String> paths = new ArrayList<>();

    @Override
    protected int run() {
      Version v = session.repo().resolve(address);
      List<PathPattern> patterns = paths.stream().map(PathPattern::parse).toList();
      ContentSelection s = session.daemon().cachePins().pin(v, patterns);
      session.out().println("pinned " + new CachePins.Pin(v.label(), paths).describe() + ": " + Format.count(s.files())
          + " files, " + Format.bytes(s.fileBytes()));
      return 0;
    }
  }

  @Command(name = "unpin", description = "Release a pin: the one of exactly these PATHs, or every pin of the version.")
  public static final class Unpin extends DatafsSubcommand {
    @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
    @Parameters(index = "1..*", paramLabel = "PATH|GLOB") List<String> paths = new ArrayList<>();

    @Override
    protected int run() {
      Version v = session.repo().resolve(address);
      for (CachePins.Pin p : session.daemon().cachePins().unpin(v, paths)) {
        session.out().println("unpinned " + p.describe());
      }
      return 0;
    }
  }
}
