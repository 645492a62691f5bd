package io.datafs.cli.commands;

import io.datafs.cli.Session;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.repo.Repository;
import io.datafs.daemon.CachePins;
import io.datafs.daemon.MountRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chunk cache's bytes by dataset, for {@code datafs cache}. The cache is keyed by content, shared by every
 * version, so a chunk belongs to no dataset of its own: it is counted for each dataset one of whose versions in use
 * (mounted now, or pinned) has it. Computed on demand, by a walk of those versions' trees; nothing is kept for it.
 */
final class CacheUse {
  /** One dataset: its versions in use, the bytes of their remote chunks, and how much of that is cached. */
  record DatasetUse(String dataset, List<String> versions, long cachedBytes, long remoteBytes) {}

  private final Session session;

  CacheUse(Session session) {
    this.session = session;
  }

  List<DatasetUse> byDataset(List<CachePins.Pin> pins) {
    Map<String, List<String>> inUse = new LinkedHashMap<>(); // version label -> why
    for (MountRecord m : session.daemon().mounts().list()) {
      inUse.computeIfAbsent(m.dataset() + "@v" + m.version(), k -> new ArrayList<>()).add("mounted");
    }
    for (CachePins.Pin p : pins) inUse.computeIfAbsent(p.version(), k -> new ArrayList<>()).add("pinned");
    Repository repo = session.repo();
    Map<String, Set<ObjectId>> chunks = new LinkedHashMap<>();
    Map<String, List<String>> versions = new HashMap<>();
    Map<String, Long> remoteBytes = new HashMap<>();
    inUse.forEach((label, why) -> {
      try {
        var v = repo.resolve(label);
        String ds = v.record().dataset();
        Set<ObjectId> seen = chunks.computeIfAbsent(ds, k -> new HashSet<>());
        for (List<ObjectLocation> locs : repo.remoteLocations(repo.select(v, null, List.of()).chunks()).values()) {
          for (ObjectLocation l : locs) {
            if (seen.add(l.entry().id())) remoteBytes.merge(ds, (long) l.entry().rawLength(), Long::sum);
          }
        }
        versions.computeIfAbsent(ds, k -> new ArrayList<>()).add(label + " " + String.join(", ", why));
      } catch (DatafsException gone) {
        // a pinned version removed since holds nothing (the daemon logged it)
      }
    });
    var cache = session.daemon().remoteChunks().cache();
    List<DatasetUse> out = new ArrayList<>();
    chunks.forEach((ds, ids) -> out.add(new DatasetUse(ds, versions.getOrDefault(ds, List.of()), cache.bytesOf(ids),
        remoteBytes.getOrDefault(ds, 0L))));
    return out;
  }
}
