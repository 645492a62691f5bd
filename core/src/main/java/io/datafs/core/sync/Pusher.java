package io.datafs.core.sync;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RaceLostException;
import io.datafs.core.error.RemoteReadOnlyException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.store.PackRow;
import io.datafs.core.store.Settings;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Semver;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes local versions to a remote, in the order that keeps every reader safe: the format file once, then the
 * packs (and their indexes) the versions need and the remote lacks, in parallel, then the located objects of their
 * trees that lazy mounts read ({@link TreeUpload}), then each version record with a create-only write, oldest first,
 * then tags. A record therefore appears only after every object it names, and a
 * push interrupted anywhere leaves only unreferenced packs. What the remote has is learnt from its listing of
 * {@code index/} (an index is written after its pack) and its version records, so pushing again uploads nothing.
 * A push also uploads every label event the remote lacks ({@link LabelSync}), whatever versions it pushes, and ends by
 * bringing the remote's listing files up to date ({@link Listings}), for readers that reach it over http(s). A remote
 * that is read-only (http(s)) is refused before anything is read.
 */
public final class Pusher {
  /** What one push asks for: versions 1..{@code upTo} of {@code dataset} and their tags. */
  public record Target(DatasetName dataset, long upTo) {}

  /**
   * What a push did. {@code notes} are things the user should know that did not stop it (a tag not pushed);
   * {@code labelEvents} counts the label events uploaded.
   */
  public record Result(List<Version> versions, int tags, int packs, long bytes, List<String> notes, int labelEvents) {}

  private record Plan(List<Version> versions, List<TagRecord> tags, List<String> notes) {}

  private final Settings settings;
  private final Catalog catalog;
  private final MetadataObjects metadata;
  private final LocalObjects objects;
  private final LocalPacks packs;
  private final KvStore kv;

  public Pusher(Settings settings, Catalog catalog, LocalObjects objects, MetadataObjects metadata, KvStore kv,
                Path packsDir) {
    this.settings = settings;
    this.catalog = catalog;
    this.metadata = metadata;
    this.objects = objects;
    this.packs = new LocalPacks(packsDir, kv, objects);
    this.kv = kv;
  }

  /** @param ref the remote as this store's index names it: what it published is remembered under it */
  public Result push(Remote remote, RemoteRef ref, List<Target> targets, TransferProgress progress) {
    Result r = run(remote, new PublishedVersions(kv, ref), targets, null, progress, () -> {});
    int labelEvents = LabelSync.push(remote, kv);
    Listings.refresh(remote);
    return new Result(r.versions(), r.tags(), r.packs(), r.bytes(), r.notes(), labelEvents);
  }

  /**
   * Publishes {@code v}, a version being made and not yet published here, after the versions of its dataset before
   * it that the remote lacks: its objects, then its record, create-only, then (when not null) its semantic version's
   * tag, create-only.
   *
   * @throws RaceLostException when another store published the number first (before or during this push), or, just
   *     before the record would be created, the remote holds a semantic version of the dataset as high as
   *     {@code semver}: another store published it since this one caught up (catching up again shows it)
   * @throws ConflictException when the tag was created by another store between this record and its tag
   */
  public Result publishNew(Remote remote, RemoteRef ref, Version v, TagName semver) {
    checkWritable(remote);
    DatasetName ds = v.record().datasetName();
    PublishedVersions published = new PublishedVersions(kv, ref);
    RemoteCatalog theirs = new RemoteCatalog(remote, published);
    if (theirs.find(ds, v.record().number()) != null) throw raceLost(remote, v); // known before uploading anything
    Runnable semverFree = () -> {
      // as late as can be: another store's version and tag are two writes, and its tag may follow its version
      Semver highest = semver == null ? null : theirs.highestSemver(ds);
      if (highest != null && highest.compareTo(Semver.parse(semver.value())) >= 0) {
        throw new RaceLostException("the remote's " + ds + "@" + highest + " is as high as " + semver + ": another"
            + " store published it first (" + remote.url() + ")");
      }
    };
    semverFree.run();
    Result r = run(remote, published, List.of(new Target(ds, v.record().number() - 1)), v, TransferProgress.NONE,
        semverFree);
    if (semver != null) {
      publishTag(remote, TagRecord.of(v, semver));
      r = new Result(r.versions(), r.tags() + 1, r.packs(), r.bytes(), r.notes(), r.labelEvents());
    }
    Listings.refresh(remote);
    return r;
  }

  private static void checkWritable(Remote remote) {
    if (remote.url().isReadOnly()) throw new RemoteReadOnlyException(remote.url().toString());
  }

  private Result run(Remote remote, PublishedVersions published, List<Target> targets, Version extra,
                     TransferProgress progress, Runnable beforeExtra) {
    checkWritable(remote);
    remote.clearStaleTemporaries(); // what killed pushes left part-written
    RemoteFormat.ensure(remote, settings);
    RemoteCatalog theirs = new RemoteCatalog(remote, published);
    List<Plan> plans = new ArrayList<>();
    // every conflict is found before anything is uploaded
    for (Target t : targets) plans.add(plan(theirs, published, t));

    Set<ObjectId> needed = new LinkedHashSet<>();
    TreeObjects walker = new TreeObjects(metadata, false);
    TreeObjects.Visitor packsOf = new TreeObjects.Visitor() {
      @Override public void metadata(ObjectId id) {
        needed.add(packs.ofMetadata(id));
      }

      @Override public void chunk(ObjectId id) {
        needed.add(packs.ofChunk(id));
      }
    };
    // whole trees, not what changed since the remote's head: a removed version may have taken the rest with it
    for (Plan p : plans) {
      for (Version v : p.versions()) walker.walk(v, 0, packsOf);
    }
    if (extra != null) walker.walk(extra, 0, packsOf);
    boolean publishing = extra != null || plans.stream().anyMatch(p -> !p.versions().isEmpty());
    // before listing: a GC keeps what the marker names (none when only tags go: they name versions already there)
    try (PushMarker marker = publishing ? PushMarker.announce(remote, needed) : null) {
      Set<ObjectId> present = new HashSet<>();
      for (RemoteKey k : remote.list(RemoteLayout.INDEXES)) present.add(RemoteLayout.parseIndex(k));
      needed.removeAll(present);
      long bytes = upload(remote, needed, progress);
      // after the packs their locations name, before the records that make them reachable
      List<ObjectId> roots = new ArrayList<>();
      for (Plan p : plans) p.versions().forEach(v -> roots.add(v.rootId()));
      if (extra != null) roots.add(extra.rootId());
      bytes += new TreeUpload(metadata, objects).run(remote, roots)[1];

      List<Version> pushed = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      int tags = 0;
      for (Plan p : plans) {
        for (Version v : p.versions()) {
          publish(remote, v);
          published.remember(List.of(v));
          pushed.add(v);
        }
        for (TagRecord t : p.tags()) {
          publishTag(remote, t);
          tags++;
        }
        notes.addAll(p.notes());
      }
      if (extra != null) {
        beforeExtra.run();
        publish(remote, extra);
        published.remember(List.of(extra));
        pushed.add(extra);
      }
      return new Result(pushed, tags, needed.size(), bytes, notes, 0);
    }
  }

  /**
   * Which versions and tags the remote lacks; a number or tag it holds differently is a conflict. A tag whose name
   * this datafs refuses (an older one made it) stays here and is noted.
   */
  private Plan plan(RemoteCatalog theirs, PublishedVersions published, Target t) {
    DatasetName ds = t.dataset();
    Set<Long> remoteNumbers = theirs.numbers(ds);
    List<Version> missing = new ArrayList<>();
    List<Version> held = new ArrayList<>();
    for (Version v : catalog.versions(ds)) {
      long n = v.record().number();
      if (n > t.upTo()) break;
      if (!remoteNumbers.contains(n)) {
        missing.add(v);
        continue;
      }
      Version other = theirs.find(ds, n);
      if (other == null || !other.id().equals(v.id())) throw conflict(remote(theirs), v);
      held.add(v);
    }
    published.remember(held);
    List<TagRecord> tags = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, Long> tag : catalog.tags(ds).entrySet()) {
      if (tag.getValue() > t.upTo()) continue;
      if (!TagName.isValid(tag.getKey())) {
        notes.add("kept the tag " + ds + "@" + tag.getKey() + " here: " + TagName.problem(tag.getKey()));
        continue;
      }
      Version v = catalog.version(ds, tag.getValue()).orElseThrow();
      TagRecord mine = TagRecord.of(v, new TagName(tag.getKey()));
      TagRecord other = theirs.tag(ds, mine.tag());
      if (other == null) tags.add(mine);
      else if (!other.id().equals(mine.id())) throw tagTaken(mine, other);
    }
    return new Plan(missing, tags, notes);
  }

  private long upload(Remote remote, Set<ObjectId> toUpload, TransferProgress progress) {
    List<Parallel.Task> tasks = new ArrayList<>();
    long total = 0;
    for (ObjectId pack : toUpload) {
      Path file = packs.file(pack);
      long size = size(pack, file, remote);
      total += size;
      tasks.add(() -> {
        remote.put(RemoteLayout.pack(pack), file);
        remote.put(RemoteLayout.index(pack), packs.index(pack)); // after its pack: an index says the pack is whole
        progress.packDone(size);
      });
    }
    progress.start(tasks.size(), total);
    Parallel.run("datafs-push", tasks);
    return total;
  }

  private long size(ObjectId pack, Path file, Remote remote) {
    PackRow row = packs.row(pack);
    if (row != null && !row.isLocal()) {
      throw new DatafsException("pack " + pack.shortHex(12) + " is only on remote " + row.remote() + ", not here: "
          + "pull the versions that need it (datafs pull DATASET) before pushing them to " + remote.url());
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new StoreIoException("reading pack " + file, e);
    }
  }

  private static void publish(Remote remote, Version v) {
    byte[] bytes = VersionCodec.encode(v.record());
    if (!ObjectId.hash(bytes).equals(v.id())) {
      throw new IllegalStateException(v.label() + " does not encode to its id");
    }
    RemoteKey key = RemoteLayout.version(v.record().datasetName(), v.record().number());
    if (remote.create(key, bytes) == CreateResult.ALREADY_EXISTS) {
      // a byte past our own record is enough to tell: a longer one is not ours, however long it is
      byte[] theirs = remote.read(key, 0, bytes.length + 1);
      if (!Arrays.equals(theirs, bytes)) throw raceLost(remote, v); // another store published it since we looked
    }
  }

  private static void publishTag(Remote remote, TagRecord t) {
    RemoteKey key = RemoteLayout.tag(t.dataset(), t.tag());
    if (remote.create(key, t.encode()) == CreateResult.ALREADY_EXISTS) {
      byte[] theirs = RemoteLimits.read(remote, key, RemoteLimits.TAG_RECORD, "a tag record");
      TagRecord other = TagRecord.decode(theirs, t.dataset() + "@" + t.tag() + " on " + remote.url());
      if (!other.id().equals(t.id())) throw tagTaken(t, other);
    }
  }

  private static ConflictException tagTaken(TagRecord mine, TagRecord theirs) {
    return new ConflictException("the remote's tag " + mine.dataset() + "@" + mine.tag() + " names v" + theirs.version()
        + ", here v" + mine.version() + ": tags never move");
  }

  private static Remote remote(RemoteCatalog c) {
    return c.remote();
  }

  static RaceLostException raceLost(Remote remote, Version v) {
    return new RaceLostException("the remote's " + v.label() + " is a different version: another store published it"
        + " first (" + remote.url() + ")");
  }

  static ConflictException conflict(Remote remote, Version v) {
    return new ConflictException("the remote's " + v.label() + " is a different version: pull it first ("
        + remote.url() + "); the dataset diverged: `datafs pull --rebase " + v.record().dataset()
        + "` replays this store's versions after the remote's");
  }
}
