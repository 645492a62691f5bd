package io.datafs.core.sync;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.lazy.LazyVersions;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.Packs;
import io.datafs.core.pack.SealedPack;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.store.PackRow;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Fetches a version of a remote and the versions before it into the local store. In order: the records (checked,
 * chained by parent, each the id this store saw the remote publish it as, if it saw it, none differing from a local
 * one), the indexes of the remote's packs this store does not know,
 * the metadata packs (the trees of every new version are walked and checked: names, canonical directories, symlinks
 * that stay inside), then, unless metadata only, the data packs of the version asked for. Packs are staged and checked
 * before anything is installed; then one batch indexes them, and the records are published, oldest first. Chunks of
 * the versions not downloaded (earlier versions, or all with metadata only) are indexed as remote-only: reads fetch
 * them ({@link io.datafs.core.store.ChunkSource}). The caller holds the dataset's lock. Every pull, of any dataset,
 * also fetches the label events this store lacks ({@link LabelSync}), after the records and tags are checked and before
 * any pack is fetched, so a changed event stops the pull before a version is written.
 */
public final class Puller {
  /**
   * What a pull did. {@code notes} are things the user should know that did not stop it (a tag kept);
   * {@code labelEvents} counts the label events received.
   */
  public record Result(Version target, List<Version> added, int metadataPacks, int dataPacks, int remoteOnlyPacks,
                       long bytes, List<String> notes, int labelEvents) {}

  private final Catalog catalog;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final KvStore kv;
  private final Path packsDir;
  private final Path indexCache;

  public Puller(Catalog catalog, LocalObjects objects, MetadataObjects metadata, KvStore kv, Path packsDir,
                Path indexCache) {
    this.catalog = catalog;
    this.objects = objects;
    this.metadata = metadata;
    this.kv = kv;
    this.packsDir = packsDir;
    this.indexCache = indexCache;
  }

  public Result pull(Remote remote, RemoteRef ref, VersionAddress address, boolean metadataOnly,
                     TransferProgress progress) {
    return pull(remote, ref, address, metadataOnly, null, progress);
  }

  /**
   * As {@link #pull} of the version's data, but only the packs holding {@code chunks} (the content of some of its
   * paths: {@code pull DS@V PATH...}) are downloaded; its other content stays on the remote, fetched when read.
   */
  public Result pullContent(Remote remote, RemoteRef ref, VersionAddress address, Set<ObjectId> chunks,
                            TransferProgress progress) {
    return pull(remote, ref, address, false, chunks, progress);
  }

  private Result pull(Remote remote, RemoteRef ref, VersionAddress address, boolean metadataOnly, Set<ObjectId> only,
                      TransferProgress progress) {
    RemoteFormat.read(remote);
    PublishedVersions published = new PublishedVersions(kv, ref);
    RemoteCatalog theirs = new RemoteCatalog(remote, published); // a record changed since this store saw it is damage
    Version target = theirs.resolve(address);
    DatasetName ds = target.record().datasetName();
    List<Version> chain = theirs.versions(ds, target.record().number());
    if (!chain.get(chain.size() - 1).id().equals(target.id())) {
      throw new CorruptObjectException(target.id(),
          "remote " + remote.url() + " is damaged: " + target.label() + " changed while read");
    }
    List<Version> added = added(catalog, remote, ds, chain);
    // read with the records: a refused tag stops the pull before any write
    RemoteCatalog.Tags remoteTags = theirs.tags(ds);
    int labelEvents = LabelSync.pull(remote, kv);
    Path staging = staging();
    try {
      Counts counts = fetch(remote, ref, target, added, metadataOnly, only, staging, progress);
      for (Version v : added) {
        if (catalog.head(ds) == v.record().number() - 1) {
          catalog.publish(v, new KvBatch());
        } else { // the remote removed the versions before it (retain): its tombstone is kept here too
          catalog.publishAfterRemoved(v, theirs.removedParent(v));
        }
      }
      published.remember(chain);
      List<String> notes = tags(remoteTags, ds, target.record().number());
      return new Result(target, added, counts.metadataPacks, counts.dataPacks, counts.remoteOnly, counts.bytes, notes,
          labelEvents);
    } finally {
      PackFetcher.deleteStaging(staging);
    }
  }

  /** The versions of {@code chain} this store lacks; one it holds as another version is a conflict. */
  static List<Version> added(Catalog catalog, Remote remote, DatasetName ds, List<Version> chain) {
    List<Version> added = new ArrayList<>();
    for (Version v : chain) {
      Optional<Version> mine = catalog.version(ds, v.record().number());
      // after versions the remote removed, the one before it here (if any) must be the parent it names
      Optional<Version> before = mine.isPresent() ? Optional.empty() : catalog.version(ds, v.record().number() - 1);
      if (mine.isEmpty() && before.map(b -> b.id().hex().equals(v.record().parent())).orElse(true)) added.add(v);
      else if (mine.isEmpty() || !mine.get().id().equals(v.id())) {
        throw new ConflictException(v.label() + " here is a different version than the remote's (" + remote.url()
            + "): the dataset diverged: `datafs pull --rebase " + ds + "` replays this store's versions after the"
            + " remote's");
      }
    }
    return added;
  }

  private static final class Counts {
    int metadataPacks;
    int dataPacks;
    int remoteOnly;
    long bytes;
  }

  /** Fetches, checks and indexes what the versions need; publishes nothing. */
  private Counts fetch(Remote remote, RemoteRef ref, Version target, List<Version> added, boolean metadataOnly,
                       Set<ObjectId> only, Path staging, TransferProgress progress) {
    Counts counts = new Counts();
    boolean needData = !metadataOnly;
    // a version read lazily here has its tree completed by any pull of it, also of its metadata only
    boolean lazyTarget = new LazyVersions(kv).isLazy(target.id());
    if (added.isEmpty() && !needData && !lazyTarget) return counts;
    // a pack known only by the chunks lazily read trees located in it still needs its index read
    RemotePacks remotePacks = RemotePacks.load(remote, p -> {
      PackRow row = objects.pack(p);
      return row != null && !row.isPartial();
    }, indexCache);
    PackFetcher fetcher = new PackFetcher(remote, staging);
    try (StagedMetadata meta = new StagedMetadata(metadata, remotePacks, fetcher, remote)) {
      Set<ObjectId> targetChunks = new HashSet<>();
      Set<ObjectId> otherChunks = new HashSet<>();
      TreeObjects walker = new TreeObjects(meta, true);
      // The version asked for first: a directory it shares with earlier versions is then walked once, for it.
      try {
        if (needData || lazyTarget) walker.walk(target, 0, collector(needData ? targetChunks : otherChunks));
        for (Version v : added) walker.walk(v, 0, collector(otherChunks));
        if (only != null) { // what is left out stays remote-only, as the content of the other versions pulled
          targetChunks.stream().filter(c -> !only.contains(c)).forEach(otherChunks::add);
          targetChunks.retainAll(only);
        }
      } catch (CorruptObjectException e) {
        throw new CorruptObjectException(e.objectId(), "refusing " + target.label() + " of remote " + remote.url()
            + ": " + e.getMessage());
      }

      Map<ObjectId, Long> download = new LinkedHashMap<>();
      for (ObjectId c : targetChunks) {
        ObjectId pack = objects.hasChunk(c) ? objects.locate(c).packId() : owner(remotePacks, remote, c);
        if (objects.pack(pack) == null || objects.remoteOf(pack) != null) download.put(pack, size(remotePacks, pack));
      }
      Set<ObjectId> lazy = new java.util.LinkedHashSet<>();
      for (ObjectId c : otherChunks) {
        if (targetChunks.contains(c) || objects.hasChunk(c)) continue;
        ObjectId pack = owner(remotePacks, remote, c);
        if (!download.containsKey(pack)) lazy.add(pack);
      }

      progress.start(download.size(), download.values().stream().mapToLong(Long::longValue).sum());
      Map<ObjectId, Path> data = new java.util.concurrent.ConcurrentHashMap<>();
      List<Parallel.Task> tasks = new ArrayList<>();
      download.forEach((pack, size) -> tasks.add(() -> {
        data.put(pack, fetcher.fetch(pack, remotePacks.entries(pack), size));
        progress.packDone(size);
      }));
      Parallel.run("datafs-pull", tasks);

      KvBatch batch = new KvBatch();
      if (needData || lazyTarget) LazyVersions.complete(batch, target.id()); // its whole tree was walked
      for (ObjectId pack : lazy) {
        List<PackEntry> entries = remotePacks.entries(pack);
        for (PackEntry e : entries) {
          if (!objects.hasChunk(e.id())) {
            batch.put(Table.OBJECTS, e.id().toBytes(), new ObjectLocation(pack, e).encode());
          }
        }
        batch.put(Table.PACKS, pack.toBytes(),
            new PackRow(PackKind.DATA, RemotePacks.size(entries), entries.size(), ref).encode());
      }
      Map<ObjectId, Path> metaPacks = meta.fetched();
      for (var m : metaPacks.entrySet()) {
        PackReader r = meta.reader(m.getKey());
        for (PackEntry e : r.entries()) batch.put(Table.METADATA, e.id().toBytes(), r.read(e));
        LocalObjects.index(new SealedPack(m.getKey(), PackKind.METADATA, r.size(), r.entries()), batch);
      }
      for (var d : data.entrySet()) {
        try (PackReader r = PackReader.open(d.getValue())) {
          LocalObjects.index(new SealedPack(d.getKey(), PackKind.DATA, r.size(), r.entries()), batch);
        }
      }
      // Packs in place before the rows that name them, rows before the versions that need them.
      meta.close();
      metaPacks.forEach((pack, file) -> PackFetcher.install(file, packsDir, pack));
      data.forEach((pack, file) -> PackFetcher.install(file, packsDir, pack));
      kv.write(batch.sync());
      data.keySet().forEach(objects::forget);

      counts.metadataPacks = metaPacks.size();
      counts.dataPacks = data.size();
      counts.remoteOnly = lazy.size();
      counts.bytes = meta.bytes() + download.values().stream().mapToLong(Long::longValue).sum();
    }
    return counts;
  }

  /** Tags of the pulled versions; one already here that names another version stays, and is reported. */
  private List<String> tags(RemoteCatalog.Tags remoteTags, DatasetName ds, long upTo) {
    List<String> notes = new ArrayList<>(remoteTags.skipped());
    for (TagRecord t : remoteTags.usable().values()) {
      if (t.version() > upTo) continue;
      Version v = catalog.version(ds, t.version()).orElseThrow();
      if (!v.id().equals(t.id())) {
        notes.add("skipped the remote's tag " + ds + "@" + t.tag() + ": it names a version the remote does not hold");
        continue;
      }
      try {
        catalog.tag(v, t.tag());
      } catch (ConflictException e) {
        notes.add("kept this store's tag " + ds + "@" + t.tag() + "; the remote's names v" + t.version());
      }
    }
    return notes;
  }

  private static TreeObjects.Visitor collector(Set<ObjectId> chunks) {
    return new TreeObjects.Visitor() {
      @Override public void metadata(ObjectId id) {
        // fetched by the walk itself
      }

      @Override public void chunk(ObjectId id) {
        chunks.add(id);
      }
    };
  }

  private static ObjectId owner(RemotePacks packs, Remote remote, ObjectId chunk) {
    ObjectId pack = packs.packOf(chunk);
    if (pack == null) {
      throw new NotFoundException("chunk " + chunk.shortHex(12) + " is in no pack of remote " + remote.url());
    }
    return pack;
  }

  private long size(RemotePacks packs, ObjectId pack) {
    List<PackEntry> entries = packs.entries(pack);
    if (entries != null) return RemotePacks.size(entries);
    PackRow row = objects.pack(pack);
    return row == null ? 0 : row.size();
  }

  private Path staging() {
    try {
      return Files.createDirectories(Packs.tmpDir(packsDir).resolve("pull-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new StoreIoException("creating a staging folder in " + Packs.tmpDir(packsDir), e);
    }
  }
}
