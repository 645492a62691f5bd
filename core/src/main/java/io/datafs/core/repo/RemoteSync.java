package io.datafs.core.repo;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.gc.RemoteGc;
import io.datafs.core.kv.KvStore;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.id.ObjectId;
import io.datafs.core.lazy.LazyPages;
import io.datafs.core.lazy.LazyVersions;
import io.datafs.core.sync.LazyFetch;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.LocalRecords;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.store.Settings;
import io.datafs.core.store.StoreLayout;
import io.datafs.core.sync.PublishedVersions;
import io.datafs.core.sync.Puller;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.sync.RemoteFormat;
import io.datafs.core.sync.RemoteRemoval;
import io.datafs.core.sync.RemovedVersions;
import io.datafs.core.sync.SyncStatus;
import io.datafs.core.sync.Pusher;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Pruning;
import io.datafs.core.version.Removal;
import io.datafs.core.version.Retention;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * What a store does with remotes ({@link Repository#sync}): push, pull (whole, metadata only, some paths, rebased),
 * lazy reads of a remote's trees, what a remote holds against this store, removal there and a GC of it. Holds the
 * store's locks as {@link Repository} does: a dataset's while its versions change, writers' while packs are read.
 */
public final class RemoteSync {
  private final StoreLayout layout;
  private final KvStore kv;
  private final Settings settings;
  private final LocalRecords records;
  private final Catalog catalog;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final AnnotationIndex annotations;
  private final VersionMaker maker;

  RemoteSync(StoreLayout layout, KvStore kv, Settings settings, LocalRecords records, Catalog catalog,
             LocalObjects objects, MetadataObjects metadata, AnnotationIndex annotations, VersionMaker maker) {
    this.layout = layout;
    this.kv = kv;
    this.settings = settings;
    this.records = records;
    this.catalog = catalog;
    this.objects = objects;
    this.metadata = metadata;
    this.annotations = annotations;
    this.maker = maker;
  }

  /**
   * Pushes to {@code remote} the version {@code address} names and the versions of its dataset before it, or, for
   * a null address, every version of every dataset; tags of pushed versions go too. {@code ref} names the remote
   * in this store's index, which remembers what it published.
   */
  public Pusher.Result push(Remote remote, RemoteRef ref, String address, TransferProgress progress) {
    List<Pusher.Target> targets = new ArrayList<>();
    if (address != null) {
      Version v = catalog.resolve(VersionAddress.parse(address));
      targets.add(new Pusher.Target(v.record().datasetName(), v.record().number()));
    } else {
      for (DatasetName ds : catalog.datasets()) targets.add(new Pusher.Target(ds, catalog.head(ds)));
    }
    maker.writing().lock(); // a push uploads pack files as they are: not while a GC replaces them
    try {
      RemovedVersions.push(remote, settings, records, targets.stream().map(Pusher.Target::dataset).toList());
      return new Pusher(settings, catalog, objects, metadata, kv, layout.packs()).push(remote, ref, targets, progress);
    } finally {
      maker.writing().unlock();
    }
  }

  /**
   * Pulls the version {@code address} names from {@code remote}, with the versions before it: records, trees and,
   * unless {@code metadataOnly}, that version's data; everything else is indexed as remote-only ({@code ref} says
   * where it stays) and fetched when read.
   */
  public Puller.Result pull(Remote remote, RemoteRef ref, String address, boolean metadataOnly,
                            TransferProgress progress) {
    VersionAddress a = VersionAddress.parse(address);
    ReentrantLock lock = maker.lock(a.dataset());
    lock.lock();
    maker.writing().lock();
    try {
      Puller.Result r = new Puller(catalog, objects, metadata, kv, layout.packs(), layout.remoteIndexes())
          .pull(remote, ref, a, metadataOnly, progress);
      if (!metadataOnly && !r.added().isEmpty()) annotations.indexQuietly(metadata, r.target(), true);
      return r;
    } finally {
      maker.writing().unlock();
      lock.unlock();
    }
  }

  /**
   * Fetches what a lazy mount of the version {@code address} names needs before it mounts ({@link LazyFetch}): its
   * records and its root's located object, publishing it here as read lazily from {@code ref}; null when the remote
   * has no located tree of it (pushed by an older datafs: {@link #pull} its metadata instead).
   */
  public LazyFetch.Result fetchLazily(Remote remote, RemoteRef ref, String address) {
    VersionAddress a = VersionAddress.parse(address);
    ReentrantLock lock = maker.lock(a.dataset());
    lock.lock();
    maker.writing().lock();
    try {
      return new LazyFetch(catalog, objects, kv).fetch(remote, ref, a);
    } finally {
      maker.writing().unlock();
      lock.unlock();
    }
  }

  /**
   * From now on, tree pages and chunk lists of versions read lazily are fetched from their remotes, opened by
   * {@code opener}, when read ({@link LazyPages}); the caller closes what this returns, before the store.
   */
  public LazyPages readTreesLazily(Function<RemoteRef, Remote> opener) {
    LazyPages pages = new LazyPages(kv, objects, metadata, opener);
    metadata.setSource(pages);
    return pages;
  }

  /** Whether a version's tree is read lazily from a remote (not all of its pages are here). */
  public boolean isLazy(Version v) {
    return new LazyVersions(kv).isLazy(v.id());
  }

  /**
   * Whether a version read lazily can be read a page at a time: its root page is here (the lazy mount that fetched it
   * installed it), or {@code remote} (asked only then) holds its located object. Not so for an older version of a
   * chain whose newer version a lazy mount fetched, when an older datafs pushed it (no {@code tree/}): its metadata
   * must be pulled before it is read.
   */
  public boolean lazilyReadable(Version v, java.util.function.Supplier<Remote> remote) {
    ObjectId root = v.rootId();
    return root.equals(io.datafs.core.tree.Directory.EMPTY_DIR) || metadata.isHere(root)
        || remote.get().size(io.datafs.core.remote.RemoteLayout.tree(root)).isPresent();
  }

  /** The remote a version's tree is read lazily from; null when its tree is here. */
  public RemoteRef lazyRemote(Version v) {
    return new LazyVersions(kv).remoteOf(v.id());
  }

  /**
   * Pulls the content of some paths of a version ({@code pull DS@V PATH...}): the packs holding {@code chunks} (of a
   * {@link Repository#select} over the version, pulled before with its metadata) become local; the rest stays remote.
   */
  public Puller.Result pullContent(Remote remote, RemoteRef ref, String address, Set<ObjectId> chunks,
                                   TransferProgress progress) {
    VersionAddress a = VersionAddress.parse(address);
    ReentrantLock lock = maker.lock(a.dataset());
    lock.lock();
    try {
      return new Puller(catalog, objects, metadata, kv, layout.packs(), layout.remoteIndexes())
          .pullContent(remote, ref, a, chunks, progress);
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code pull --rebase} of {@code ds} from {@code remote} ({@link Rebaser}): the versions only this store has are
   * replayed after the remote's head, or, when a path changed on both sides, nothing changes. {@code guard} is given
   * the first version number that would be replayed, before anything changes, and may refuse by throwing.
   */
  public Rebaser.Result pullRebase(Remote remote, RemoteRef ref, String remoteLabel, DatasetName ds,
                                   boolean metadataOnly, TransferProgress progress, LongConsumer guard) {
    ReentrantLock lock = maker.lock(ds);
    lock.lock();
    maker.writing().lock(); // between its drop and its replays, only the dropped versions' packs hold their content
    try (RemoteBrowser browser = browse(remote, ref)) {
      return new Rebaser(catalog, metadata, maker).run(browser, remoteLabel, ds,
          () -> pull(remote, ref, ds.value(), metadataOnly, progress), guard);
    } finally {
      maker.writing().unlock();
      lock.unlock();
    }
  }

  /** What this store knows {@code ref} holds: the versions it pushed there or pulled from there. */
  public PublishedVersions published(RemoteRef ref) {
    return new PublishedVersions(kv, ref);
  }

  /**
   * Reads a remote's versions and trees without changing this store (its own trees are used where it has them); its
   * records are held against what this store saw {@code ref} publish.
   */
  public RemoteBrowser browse(Remote remote, RemoteRef ref) {
    return new RemoteBrowser(remote, new PublishedVersions(kv, ref), metadata, objects, layout.packs(),
        layout.remoteIndexes());
  }

  /**
   * A GC of {@code remote} ({@link RemoteGc}) that reads it through this store: its own tree pages, and pack indexes
   * from {@code cache/index} or its own packs, so a GC from a store that pushed or pulled the packs GETs no index.
   */
  public RemoteGc remoteGc(Remote remote) {
    return new RemoteGc(remote, () -> RemoteBrowser.ofEveryPack(remote, metadata, layout.packs(),
        layout.remoteIndexes()));
  }

  /**
   * Where each dataset stands against {@code remote}: in both, ahead, behind ({@link SyncStatus}); reads records only.
   */
  public List<SyncStatus.Row> syncStatus(Remote remote) {
    return SyncStatus.of(catalog, new RemoteCatalog(remote));
  }

  /** {@link #syncStatus(Remote)} of one dataset. */
  public SyncStatus.Row syncStatus(Remote remote, DatasetName ds) {
    return SyncStatus.of(catalog, new RemoteCatalog(remote), ds);
  }

  /** What removing {@code ds}'s versions from {@code from} to its head on {@code remote} would remove there. */
  public Removal remoteRemoval(Remote remote, RemoteRef ref, DatasetName ds, long from) {
    RemoteFormat.read(remote);
    return RemoteRemoval.plan(new RemoteCatalog(remote, new PublishedVersions(kv, ref)), ds, from);
  }

  /** What retention {@code rule} would remove of {@code ds} on {@code remote} at {@code now} (possibly nothing). */
  public Pruning remotePruning(Remote remote, RemoteRef ref, DatasetName ds, Retention rule, Instant now) {
    RemoteFormat.read(remote);
    return RemoteRemoval.plan(new RemoteCatalog(remote, new PublishedVersions(kv, ref)), ds, rule, now);
  }

  /** What removing {@code v}, a version below its dataset's head on {@code remote}, would remove there. */
  public Pruning remotePruningOf(Remote remote, RemoteRef ref, Version v) {
    RemoteFormat.read(remote);
    return RemoteRemoval.planOne(new RemoteCatalog(remote, new PublishedVersions(kv, ref)), v);
  }

  /** Removes from {@code remote} versions below its head ({@link RemoteRemoval}); objects stay for a GC. */
  public void pruneRemote(Remote remote, RemoteRef ref, Pruning plan) {
    RemoteRemoval.remove(remote, new PublishedVersions(kv, ref), plan);
  }

  /** Removes from {@code remote} the records {@code plan} names ({@link RemoteRemoval}); objects stay for a GC. */
  public void removeRemote(Remote remote, RemoteRef ref, Removal plan) {
    RemoteRemoval.remove(remote, new PublishedVersions(kv, ref), plan);
  }
}
