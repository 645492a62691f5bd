package io.datafs.core.sync;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Pruning;
import io.datafs.core.version.Removal;
import io.datafs.core.version.Retention;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Removes the newest versions of a dataset from a remote ({@code rm --remote}): their records and the tags naming them,
 * never the packs, which a GC reclaims once no record names their objects (other versions may share them). First a
 * tombstone per version ({@link RemoteLayout#removed}, the removed record itself), then the tags, then the records
 * newest first: a removal cut short leaves a whole, shorter history, and running it again finishes it.
 *
 * <p>The numbers are taken again by the next versions pushed: numbers stay consecutive, as every reader checks. A
 * store that pulled a removed version is told by the tombstone that it was removed, not changed ({@link
 * RemoteCatalog#find}).
 */
public final class RemoteRemoval {
  private RemoteRemoval() {}

  /** What removing {@code from} up to the remote's head of {@code ds} would remove there ({@code from} 1: all). */
  public static Removal plan(RemoteCatalog catalog, DatasetName ds, long from) {
    long head = catalog.head(ds);
    if (head == 0) {
      throw new NotFoundException("remote " + catalog.remote().url() + " has no dataset named '" + ds + "'");
    }
    if (from < 1 || from > head) {
      throw new NotFoundException("remote " + catalog.remote().url() + " has no " + ds + "@v" + from
          + " (its latest is v" + head + ")");
    }
    List<Version> versions = catalog.versions(ds, head).stream().filter(v -> v.record().number() >= from).toList();
    SortedMap<String, Long> tags = new TreeMap<>();
    for (Map.Entry<String, TagRecord> t : catalog.tags(ds).usable().entrySet()) {
      if (t.getValue().version() >= from) tags.put(t.getKey(), t.getValue().version());
    }
    return new Removal(ds, versions, tags);
  }

  /** What {@code rule} removes of {@code ds} on the remote at {@code now} ({@code retain --remote}); maybe nothing. */
  public static Pruning plan(RemoteCatalog catalog, DatasetName ds, Retention rule, Instant now) {
    long head = catalog.head(ds);
    if (head == 0) {
      throw new NotFoundException("remote " + catalog.remote().url() + " has no dataset named '" + ds + "'");
    }
    Map<String, Long> tags = new TreeMap<>();
    for (Map.Entry<String, TagRecord> t : catalog.tags(ds).usable().entrySet()) {
      tags.put(t.getKey(), t.getValue().version());
    }
    List<Version> gone = rule.toRemove(catalog.versions(ds, head), tags, now);
    SortedMap<String, Long> theirTags = new TreeMap<>();
    for (Map.Entry<String, Long> t : tags.entrySet()) {
      if (gone.stream().anyMatch(v -> v.record().number() == t.getValue())) theirTags.put(t.getKey(), t.getValue());
    }
    return new Pruning(ds, gone, theirTags, head);
  }

  /** Removing {@code v} alone from the remote ({@code rm DS@V --remote} of a version below its head), with its tags. */
  public static Pruning planOne(RemoteCatalog catalog, Version v) {
    DatasetName ds = v.record().datasetName();
    SortedMap<String, Long> tags = new TreeMap<>();
    for (Map.Entry<String, TagRecord> t : catalog.tags(ds).usable().entrySet()) {
      if (t.getValue().version() == v.record().number()) tags.put(t.getKey(), t.getValue().version());
    }
    return new Pruning(ds, List.of(v), tags, catalog.head(ds));
  }

  /**
   * Removes versions below the head ({@code plan}) from the remote: tombstones first, by which readers accept the
   * versions after them, then their tags, then their records. Cut short, it leaves records whose tombstones are there
   * (still read as versions) and is finished by running it again.
   */
  public static void remove(Remote remote, PublishedVersions published, Pruning plan) {
    DatasetName ds = plan.dataset();
    for (Version v : plan.versions()) {
      remote.create(RemoteLayout.removed(ds, v.record().number(), v.id()), VersionCodec.encode(v.record()));
    }
    for (String tag : plan.tags().keySet()) remote.delete(RemoteLayout.tag(ds, new TagName(tag)));
    for (Version v : plan.versions()) remote.delete(RemoteLayout.version(ds, v.record().number()));
    published.forget(plan.versions());
    Listings.refresh(remote);
  }

  /** Removes what {@code plan} names from the remote, and forgets that it published them. */
  public static void remove(Remote remote, PublishedVersions published, Removal plan) {
    DatasetName ds = plan.dataset();
    for (Version v : plan.versions()) {
      remote.create(RemoteLayout.removed(ds, v.record().number(), v.id()), VersionCodec.encode(v.record()));
    }
    for (String tag : plan.tags().keySet()) remote.delete(RemoteLayout.tag(ds, new TagName(tag)));
    List<Version> newestFirst = new ArrayList<>(plan.versions());
    java.util.Collections.reverse(newestFirst);
    for (Version v : newestFirst) remote.delete(RemoteLayout.version(ds, v.record().number()));
    if (plan.wholeDataset()) { // its description goes with it, as it does here
      for (RemoteKey k : remote.list(RemoteLayout.metas(ds))) remote.delete(k);
    }
    published.forget(plan.versions());
    Listings.refresh(remote); // readers over http(s) list the records by these files
  }
}
