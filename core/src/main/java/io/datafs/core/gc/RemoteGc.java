package io.datafs.core.gc;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.error.RemoteReadOnlyException;
import io.datafs.core.error.StoreLockedException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteEntry;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.sync.PushMarker;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.sync.RemoteFormat;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * GC of a shared remote, by the protocol of ARCHITECTURE.md ("GC of a remote"): announce the GC
 * ({@code gc/running.json}, create-only), read pushers' markers, mark over every version record with
 * {@link LiveObjects} (reading indexes and metadata packs, never a data pack), list packs and indexes with their
 * times, and delete each pack nothing live is in, no marker names, and that (with its index) is older than the grace:
 * its index first, then the pack. Times are judged by the remote's clock: the grace is counted back from the time
 * the remote gave {@code gc/running.json}. Nothing is deleted before the mark is complete.
 */
public final class RemoteGc {
  /** Below this a grace needs {@code force}: a slower push from a datafs without markers could lose packs. */
  public static final Duration MIN_GRACE = Duration.ofHours(1);
  /** A push marker older than this is taken as left by a killed pusher. */
  public static final Duration ABANDONED = Duration.ofDays(7);

  private final Remote remote;
  private final Supplier<RemoteBrowser> browse;
  private final String where;

  /**
   * A GC by no store: every pack index and every metadata pack is read from the remote.
   *
   * @param scratchParent where metadata packs are fetched while marking (deleted afterwards)
   */
  public RemoteGc(Remote remote, Path scratchParent) {
    this(remote, () -> RemoteBrowser.withoutStore(remote, scratchParent));
  }

  /**
   * A GC reading the remote through {@code browse}'s browser ({@link RemoteBrowser#ofEveryPack}: a store's pages and
   * pack indexes spare their GETs).
   */
  public RemoteGc(Remote remote, Supplier<RemoteBrowser> browse) {
    this.remote = remote;
    this.browse = browse;
    this.where = "remote " + remote.url();
  }

  /** Checks the grace against {@link #MIN_GRACE} before anything is read. */
  public static void checkGrace(Duration grace, boolean force) {
    if (grace.isNegative()) throw new InvalidInputException("--grace " + grace + " is negative");
    if (grace.compareTo(MIN_GRACE) < 0 && !force) {
      throw new InvalidInputException("--grace " + show(grace) + " is below the minimum of 1h for a remote: packs a"
          + " push is uploading right now could be deleted; add --force to go below it");
    }
  }

  public RemoteGcReport run(Duration grace, boolean dryRun, boolean force) {
    checkGrace(grace, force);
    if (remote.url().isReadOnly()) throw new RemoteReadOnlyException(remote.url().toString());
    step("reading datafs.json", () -> RemoteFormat.read(remote));
    Instant started = dryRun ? Instant.now() : lock();
    try {
      return collect(started.minus(grace), started.minus(ABANDONED), dryRun);
    } finally {
      if (!dryRun) unlock(remote);
    }
  }

  /** Removes the {@code gc/running.json} a killed GC left; says whether there was one. */
  public static boolean unlock(Remote remote) {
    return remote.delete(RemoteLayout.GC_RUNNING);
  }

  /** Creates {@code gc/running.json}; the remote's time for it, from a listing, is the GC's "now". */
  private Instant lock() {
    byte[] body = ("{\"started\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
    CreateResult r = step("creating " + RemoteLayout.GC_RUNNING, () -> remote.create(RemoteLayout.GC_RUNNING, body));
    if (r == CreateResult.ALREADY_EXISTS) {
      throw new StoreLockedException("another gc of " + where + " is running (" + RemoteLayout.GC_RUNNING + " is "
          + "there); if none is, a killed one left it: datafs gc --remote NAME --unlock");
    }
    try {
      List<RemoteEntry> mine = remote.listEntries(RemoteLayout.GC_RUNNING.value());
      if (mine.size() != 1) throw new DatafsException(RemoteLayout.GC_RUNNING + " is not listed after its creation");
      return mine.get(0).modified();
    } catch (DatafsException e) {
      unlock(remote);
      throw stopped("listing " + RemoteLayout.GC_RUNNING, e);
    }
  }

  private RemoteGcReport collect(Instant cutoff, Instant abandonedBefore, boolean dryRun) {
    Set<ObjectId> pending = new HashSet<>();
    List<RemoteKey> abandoned = new ArrayList<>();
    boolean pushUnderWay = false;
    String pendingArea = RemoteLayout.GC_PENDING;
    for (RemoteEntry m : step("listing " + pendingArea, () -> remote.listEntries(pendingArea))) {
      if (m.modified().isBefore(abandonedBefore)) {
        abandoned.add(m.key());
        continue;
      }
      byte[] bytes = step("reading " + m.key(), () -> readMarker(m.key()));
      if (bytes != null) pending.addAll(PushMarker.decode(bytes, m.key() + " on " + remote.url()).packs());
      pushUnderWay |= bytes != null;
    }
    try (RemoteBrowser browser = browse.get()) {
      List<Version> versions = step("reading the version records", () -> records(browser.catalog()));
      LiveObjects live = LiveObjects.markRemote(browser.pages(), versions, remote.url().toString());
      List<RemoteEntry> packs = step("listing " + RemoteLayout.PACKS, () -> remote.listEntries(RemoteLayout.PACKS));
      Map<ObjectId, RemoteEntry> indexes = new HashMap<>();
      for (RemoteEntry e : step("listing " + RemoteLayout.INDEXES, () -> remote.listEntries(RemoteLayout.INDEXES))) {
        indexes.put(RemoteLayout.parseIndex(e.key()), e);
      }
      RemoteTrees trees = RemoteTrees.judge(remote, step("listing " + RemoteLayout.TREE,
          () -> remote.listEntries(RemoteLayout.TREE)), live, cutoff, pushUnderWay);
      long packsLive = 0;
      long packsPending = 0;
      long packsTooNew = 0;
      List<RemoteEntry> doomed = new ArrayList<>(trees.doomed()); // before the packs whose chunks they locate
      for (RemoteEntry p : packs) {
        ObjectId id = RemoteLayout.parsePack(p.key());
        RemoteEntry index = indexes.get(id);
        List<PackEntry> entries = index == null ? List.of() : browser.packEntries(id);
        if (entries != null && entries.stream().anyMatch(e -> isLive(live, e))) {
          packsLive++;
        } else if (pending.contains(id) || pushUnderWay && trees.keptPacks().contains(id)) {
          packsPending++;
        } else if (entries == null || !p.modified().isBefore(cutoff)
            || index != null && !index.modified().isBefore(cutoff) || trees.keptPacks().contains(id)) {
          packsTooNew++; // written within the grace, indexed after the mark read the indexes, or a kept tree's
        } else {
          if (index != null) doomed.add(index); // first: an index says its pack is whole
          doomed.add(p);
        }
      }
      long bytes = doomed.stream().mapToLong(RemoteEntry::size).sum();
      long deletedPacks = doomed.stream().filter(e -> e.key().value().startsWith(RemoteLayout.PACKS)).count();
      if (!dryRun) delete(doomed, abandoned);
      return new RemoteGcReport(dryRun, live.versions(), live.chunkCount(), live.metadataCount(), packsLive,
          packsPending, packsTooNew, deletedPacks, bytes, abandoned.size());
    }
  }

  /** A marker, or null when its push withdrew it since the listing: it published first, or stopped. */
  private byte[] readMarker(RemoteKey key) {
    try {
      return remote.get(key);
    } catch (RemoteObjectNotFoundException withdrawn) {
      return null;
    }
  }

  private static boolean isLive(LiveObjects live, PackEntry e) {
    return e.type() == ObjectType.CHUNK ? live.isLiveChunk(e.id()) : live.isLiveMetadata(e.id());
  }

  /** Every record under {@code versions/}, each checked as a reader checks it. */
  private static List<Version> records(RemoteCatalog catalog) {
    List<Version> out = new ArrayList<>();
    for (DatasetName ds : catalog.datasets()) {
      for (long n : catalog.numbers(ds)) {
        Version v = catalog.find(ds, n);
        if (v != null) out.add(v);
      }
    }
    return out;
  }

  private void delete(List<RemoteEntry> doomed, List<RemoteKey> abandoned) {
    int done = 0;
    try {
      for (RemoteEntry e : doomed) {
        remote.deleteListed(e.key()); // listed: no need to ask whether it is there (a HEAD on S3)
        done++;
      }
      for (RemoteKey k : abandoned) remote.deleteListed(k);
    } catch (DatafsException e) {
      throw new DatafsException("gc of " + where + " stopped after deleting " + done + " of " + doomed.size()
          + " objects (run it again to finish): " + e.getMessage(), e);
    }
  }

  private <T> T step(String step, Supplier<T> op) {
    try {
      return op.get();
    } catch (DatafsException e) {
      throw stopped(step, e);
    }
  }

  private DatafsException stopped(String step, DatafsException e) {
    return new DatafsException("gc of " + where + " deleted nothing: " + step + " failed: " + e.getMessage(), e);
  }

  private static String show(Duration d) {
    return d.toString().substring(2).toLowerCase();
  }
}
