package io.datafs.core.repo;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.chunk.ChunkerParams;
import io.datafs.core.compose.Composer;
import io.datafs.core.dataset.MetaCatalog;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.IndexLostException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RaceLostException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.gc.GcReport;
import io.datafs.core.gc.GcRoots;
import io.datafs.core.gc.GcSteps;
import io.datafs.core.gc.LocalGc;
import io.datafs.core.ingest.FolderImporter;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.label.Labels;
import io.datafs.core.registry.RemoteFiles;
import io.datafs.core.registry.TreeCopy;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.select.Selection;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.select.PathPattern;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.id.ObjectId;
import io.datafs.core.store.ChunkSource;
import io.datafs.core.store.FileContent;
import io.datafs.core.store.Leftovers;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.LocalRecords;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.store.Settings;
import io.datafs.core.store.StoreLayout;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.sync.RemoteTarget;
import io.datafs.core.sync.Pusher;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.table.FileTable;
import io.datafs.core.tree.DiffVisitor;
import io.datafs.core.tree.TreeDiff;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.WalkVisitor;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Pruning;
import io.datafs.core.version.Removal;
import io.datafs.core.version.Retention;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Semver;
import io.datafs.core.version.SemverChoice;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The local store as users see it: datasets, versions, and what is in them. Everything the CLI does to a
 * store goes through here. Thread-safe; versions of one dataset are made one at a time.
 */
public final class Repository implements AutoCloseable {
  private final StoreLayout layout;
  private final KvStore kv;
  private final LocalRecords records;
  private final Settings settings;
  private final Catalog catalog;
  private final MetaCatalog metas;
  private final DatasetMetadata datasetMeta;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final FileContent content;
  private final AnnotationIndex annotations;
  private final Labels labels;
  private final VersionMaker maker;
  private final RemoteSync sync;
  /** Why the index cannot be used until {@link #repairIndex} rebuilt it; null when it can. */
  private volatile String indexLost;

  /**
   * Opens the store over its index; a lost index ({@link IndexRepair#lost}) is left as it is (no settings written,
   * nothing backfilled) for {@link #repairIndex}, and {@link #requireIndex} refuses to work on it meanwhile.
   */
  private Repository(StoreLayout layout, KvStore kv) {
    this.layout = layout;
    this.kv = kv;
    this.records = new LocalRecords(layout.records());
    this.catalog = new Catalog(kv, records);
    this.metas = new MetaCatalog(kv, records);
    this.datasetMeta = new DatasetMetadata(catalog, metas);
    this.indexLost = IndexRepair.lost(layout, Settings.written(kv), catalog, metas, records);
    this.settings = indexLost == null ? Settings.loadOrInit(kv, ChunkerParams.DEFAULT)
        : new Settings(Settings.FORMAT, ChunkerParams.DEFAULT); // the only chunker a store is made with
    this.objects = new LocalObjects(layout.packs(), kv);
    this.metadata = new MetadataObjects(kv);
    this.content = new FileContent(objects, metadata);
    this.annotations = new AnnotationIndex(kv, content);
    this.labels = new Labels(kv);
    this.maker = new VersionMaker(layout, kv, settings, catalog, objects, metadata, annotations);
    this.sync = new RemoteSync(layout, kv, settings, records, catalog, objects, metadata, annotations, maker);
    if (indexLost == null) records.backfill(catalog, metas);
  }

  /** Opens the store at {@code home}, creating it on first use; {@code openKv} opens the index in a directory. */
  public static Repository open(Path home, Function<Path, KvStore> openKv) {
    StoreLayout layout = new StoreLayout(home);
    try {
      Files.createDirectories(layout.packs());
      Files.createDirectories(layout.db());
    } catch (IOException e) {
      throw new StoreIoException("cannot create the store at " + layout.home(), e);
    }
    KvStore kv = openKv.apply(layout.db());
    Leftovers.clearAtOpen(layout);
    try {
      return new Repository(layout, kv);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  public StoreLayout layout() {
    return layout;
  }

  /** The local index, for callers that keep their own rows in it (a writable mount's overlay). */
  public KvStore index() {
    return kv;
  }

  public Settings settings() {
    return settings;
  }

  /** Whether the index is lost: then only {@link #repairIndex} may run. */
  public boolean indexLost() {
    return indexLost != null;
  }

  /** @throws IndexLostException naming what is wrong and the repair, when the index is lost */
  public void requireIndex() {
    String why = indexLost; // read once: a repair may clear it meanwhile
    if (why != null) throw new IndexLostException(why);
  }

  /**
   * Rebuilds what the index lacks from the packs and the version and tag records ({@link IndexRepair}); afterwards the
   * store is usable again, with what the report says could not be rebuilt missing.
   */
  public synchronized RepairReport repairIndex() {
    maker.writing().lock(); // a repair beside a GC would index again the packs the GC is deleting
    try {
      RepairReport report = new IndexRepair(layout, kv, catalog, objects, metadata, records, metas).run();
      Settings.loadOrInit(kv, settings.chunker());
      indexLost = null;
      records.backfill(catalog, metas);
      return report;
    } finally {
      maker.writing().unlock();
    }
  }

  // ---- versions

  public List<DatasetName> datasets() {
    return catalog.datasets();
  }

  public Version resolve(String address) {
    return catalog.resolve(VersionAddress.parse(address));
  }

  /** Versions of a dataset, oldest first. */
  public List<Version> log(DatasetName ds) {
    List<Version> all = catalog.versions(ds);
    if (all.isEmpty()) throw new NotFoundException("no dataset named '" + ds + "'");
    return all;
  }

  public Map<String, Long> tags(DatasetName ds) {
    return catalog.tags(ds);
  }

  public void tag(Version v, TagName tag) {
    catalog.tag(v, tag);
  }

  /**
   * What removing {@code ds}'s versions from {@code from} to its head would remove here ({@code from} 1: all of it).
   */
  public Removal removal(DatasetName ds, long from) {
    return new LocalRemoval(catalog, metas, records).plan(ds, from);
  }

  /** Removes from this store the versions and tags {@code plan} names (records only: content stays until a GC). */
  public void remove(Removal plan) {
    new LocalRemoval(catalog, metas, records).remove(plan, maker.lock(plan.dataset()));
  }

  /** What retention {@code rule} would remove of {@code ds} here at {@code now} (possibly nothing). */
  public Pruning pruning(DatasetName ds, Retention rule, Instant now) {
    return new LocalPruning(catalog, records).plan(ds, rule, now);
  }

  /** What removing {@code v}, a version below its dataset's head, would remove here: it and its tags. */
  public Pruning pruningOf(Version v) {
    return new LocalPruning(catalog, records).one(v);
  }

  /** Removes from this store versions below the head and their tags (records only: content stays until a GC). */
  public void prune(Pruning plan) {
    new LocalPruning(catalog, records).remove(plan, maker.lock(plan.dataset()));
  }

  // ---- the datasets' own metadata

  /** Each dataset's own metadata (description, key/values) and its history. */
  public DatasetMetadata datasetMeta() {
    return datasetMeta;
  }

  // ---- making versions

  /** Imports a folder as the next version of {@code ds}. Unchanged content adds nothing to the store. */
  public ImportResult importFolder(Path source, DatasetName ds, ImportOptions options, ImportProgress progress) {
    if (!Files.isDirectory(source)) throw new InvalidInputException("not a directory: " + source);
    return maker.make(ds, options, null, PublishHook.NONE, (session, files, pool, base, number) -> {
      FolderImporter importer = new FolderImporter(session, metadata, files, pool, progress, number);
      FolderImporter.Result r = importer.importRoot(source, base == null ? null : base.rootId());
      return new NewTree(r.dirId(), r.totals());
    });
  }

  /**
   * Composes the next version of {@code ds} (created if absent) from the objects {@code request} selects of its
   * sources; metadata only, its record names how it was made.
   */
  public ImportResult compose(DatasetName ds, Composer.Request request, ImportOptions options) {
    Selection selection = selection(request.filters());
    return maker.make(ds, options, request.describe(), PublishHook.NONE, (session, files, pool, head, number) -> {
      Composer.Built b = Composer.compose(selection, request, session, metadata, head, number);
      return new NewTree(b.root(), b.totals());
    });
  }

  /**
   * Makes {@code ds}, a new dataset, with a first version holding exactly {@code files} (path -> entry, streamed in
   * path order), whose content must already be in the store: a bulk load of a listing made elsewhere, metadata only
   * (the bench synthesises its 10M-entry versions so). An existing dataset is refused: its history would be lost.
   */
  public ImportResult assemble(DatasetName ds, ImportOptions options, Iterator<Map.Entry<String, TreeEntry>> files) {
    return maker.make(ds, options, null, PublishHook.NONE, (session, ingest, pool, head, number) -> {
      if (head != null) throw new InvalidInputException("dataset '" + ds + "' exists: assemble makes a new dataset");
      Composer.Built b = Composer.assemble(session, files, number);
      return new NewTree(b.root(), b.totals());
    });
  }

  /**
   * Imports directory {@code path} of {@code source}, a version {@code browser} reads, as the next version of
   * {@code ds} naming {@code origin} ({@link TreeCopy}); {@code content} fetches the chunks this store lacks.
   */
  public ImportResult importRemote(RemoteBrowser browser, Version source, String path, ImportSource origin,
                                   DatasetName ds, ImportOptions options, RemoteFiles content) {
    TreeEntry top = TreeListing.stat(browser.pages(), source, path);
    if (!top.isDir()) throw new InvalidInputException(source.label() + ":" + path + " is a file: import a directory");
    return maker.make(ds, options, null, origin, PublishHook.NONE, (session, files, pool, head, number) -> {
      TreeCopy.Copied c = TreeCopy.copy(browser.pages(), top, session, metadata, head, number, content,
          objects::hasChunk);
      return new NewTree(c.root(), c.totals());
    });
  }

  /** The objects of versions that pass {@code filters}, in order. */
  public Selection selection(List<ObjectFilter> filters) {
    return new Selection(metadata, annotations, labels, filters);
  }

  public Labels labels() {
    return labels;
  }

  /**
   * Applies {@code changes} (paths relative to the dataset root) to version {@code baseNumber} of {@code ds} and
   * publishes the result as the next version. If the dataset moved on since the base, the changes are replayed
   * onto the latest version when none of their paths changed there; otherwise a {@link
   * io.datafs.core.error.ConflictException} lists the colliding paths and nothing is published.
   */
  public ImportResult commit(DatasetName ds, long baseNumber, SortedMap<String, Change> changes,
      ImportOptions options) {
    return commit(ds, baseNumber, changes, options, PublishHook.NONE);
  }

  /** {@link #commit} with rows of the caller's published in the same atomic batch as the version. */
  public ImportResult commit(DatasetName ds, long baseNumber, SortedMap<String, Change> changes, ImportOptions options,
                             PublishHook hook) {
    return maker.make(ds, options, null, hook, (session, files, pool, head, number) -> {
      if (head == null) throw new NotFoundException("no dataset named '" + ds + "'");
      Version base = catalog.version(ds, baseNumber)
          .orElseThrow(() -> new NotFoundException("no version v" + baseNumber + " in dataset '" + ds + "'"));
      Committer committer = new Committer(session, session, files, pool);
      committer.checkNoCollision(base, head, changes);
      return committer.apply(head, changes, number);
    });
  }

  /** How often a commit that lost the race for a version number on its remote catches up and tries again. */
  static final int REMOTE_COMMIT_TRIES = 5;

  /**
   * {@link #commit} that also publishes to {@code target}: before each try the dataset's newest versions are pulled
   * (metadata only, with their tags), so the changes are replayed onto the remote's head; the version's objects, its
   * create-only record and then its semantic version's create-only tag go to the remote before it is published here.
   * Losing the race for the number to another store means catching up and trying again (a {@code --bump} is taken
   * again from the new highest; an exact semantic version another store took first is refused); a path that both
   * changed is a {@link io.datafs.core.error.ConflictException} naming it, and nothing is published anywhere.
   */
  public ImportResult commit(DatasetName ds, long baseNumber, SortedMap<String, Change> changes, ImportOptions options,
                             PublishHook hook, RemoteTarget target) {
    if (target == null) return commit(ds, baseNumber, changes, options, hook);
    ReentrantLock lock = maker.lock(ds); // held from the catch-up to the publish: the semantic version stays free here
    for (int attempt = 1; ; attempt++) {
      lock.lock();
      try {
        catchUp(target, ds);
        Semver semver = options.semver() == null ? null : options.semver().resolve(ds, catalog.tags(ds));
        PublishHook toRemote = new PublishHook() {
          @Override public void prepare(Version v, KvBatch batch) {
            new Pusher(settings, catalog, objects, metadata, kv, layout.packs())
                .publishNew(target.remote(), target.ref(), v, semver == null ? null : semver.tag());
          }

          @Override public void finished(Version v, boolean published) {}
        };
        ImportOptions exact = semver == null ? options : options.withSemver(SemverChoice.exactly(semver));
        return commit(ds, baseNumber, changes, exact, PublishHook.chain(toRemote, hook));
      } catch (RaceLostException e) {
        if (attempt == REMOTE_COMMIT_TRIES) {
          throw new ConflictException(e.getMessage() + "; gave up after " + attempt + " tries: commit again");
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Pulls the metadata of the newest versions of {@code ds} the remote has; nothing when it has none. */
  private void catchUp(RemoteTarget target, DatasetName ds) {
    if (new RemoteCatalog(target.remote()).head(ds) == 0) return;
    sync.pull(target.remote(), target.ref(), ds.value(), true, TransferProgress.NONE);
  }

  // ---- reading versions

  /** The entry at {@code path} ("" for the root, which is reported as a directory named ""). */
  public TreeEntry stat(Version v, String path) {
    return TreeListing.stat(metadata, v, path);
  }

  /** Lists a directory (or one file); recursive lists paths below it depth-first in name order. */
  public void list(Version v, String path, boolean recursive, WalkVisitor visitor) {
    TreeListing.list(metadata, v, path, recursive, visitor);
  }

  /**
   * The file table of {@code v} (audb's dependency table): a row per regular file, in path order, streamed until
   * {@code each} returns false. "Added in" looks back through every version of the dataset up to {@code v}.
   */
  public void table(Version v, Predicate<FileTable.Row> each) {
    long n = v.record().number();
    List<Version> history = catalog.versions(v.record().datasetName()).stream().filter(h -> h.record().number() <= n)
        .toList();
    FileTable.rows(metadata, history, each);
  }

  /**
   * The content of the files of {@code v} the patterns select (all when none), or with {@code since} only what
   * {@code v} adds over it ({@link ContentSelection}).
   */
  public ContentSelection select(Version v, Version since, List<PathPattern> patterns) {
    return ContentSelection.of(this, metadata, v, since, patterns);
  }

  /** Where those of the chunks whose packs stay on a remote are, by remote (local ones are left out). */
  public Map<RemoteRef, List<ObjectLocation>> remoteLocations(Collection<ObjectId> chunks) {
    return objects.remoteLocations(chunks);
  }

  /** Read access to one version for a filesystem. */
  public VersionReader reader(Version v) {
    return new VersionReader(v, metadata, content, objects, sync.isLazy(v));
  }

  public void cat(Version v, String path, OutputStream out) throws IOException {
    TreeEntry e = stat(v, path);
    if (!e.isFile()) throw new InvalidInputException("not a regular file in " + v.label() + ": " + path);
    content.copyTo(e, out);
  }

  public void export(Version v, Path target) {
    export(v, target, null);
  }

  /** Writes a version out as a plain folder; with {@code files}, only the files (and links) whose paths it accepts. */
  public void export(Version v, Path target, Predicate<String> files) {
    new Exporter(metadata, Exporter.local(content)).export(v, target, files);
  }

  /**
   * Reports every path that differs. A directory on both sides is reported only when its mode changed: its
   * mtime merely follows its entries, which are reported themselves.
   */
  public void diff(Version from, Version to, DiffVisitor visitor) {
    TreeDiff.diff(metadata, from.rootId(), to.rootId(), (path, a, b) -> {
      if (a != null && b != null && a.isDir() && b.isDir() && a.mode() == b.mode()) return;
      visitor.changed(path, a, b);
    });
  }

  /** Checks one version, or (null) the whole store: every pack, object, page and file. */
  public VerifyReport verify(Version only) {
    // remote-only content is fetched and checked, not cached: a pass over a whole remote would fill the disk
    Verifier verifier = new Verifier(layout.packs(), kv, objects, metadata, content.withoutCaching());
    if (only != null) return verifier.verifyVersions(List.of(only));
    maker.writing().lock(); // the whole store's packs are read file by file: not while a GC deletes some
    try {
      List<Version> all = new ArrayList<>();
      for (DatasetName ds : catalog.datasets()) all.addAll(catalog.versions(ds));
      return verifier.verifyStore(all);
    } finally {
      maker.writing().unlock();
    }
  }

  /** The versions of {@code ds} that changed {@code path} ({@link PathHistory}), oldest first. */
  public List<PathHistory.Changed> history(DatasetName ds, String path) {
    return PathHistory.of(metadata, log(ds), path);
  }

  /** What this store does with remotes: push, pull, lazy reads, removal there, a remote's GC. */
  public RemoteSync sync() {
    return sync;
  }

  /**
   * Collects garbage ({@link LocalGc}): keeps what every version and tag, and {@code roots} (asked for once writers
   * are held off: writable mounts' staged entries, mounted versions), reach; packs and publishes are held off
   * meanwhile, reads go on.
   */
  public GcReport gc(Supplier<GcRoots> roots, boolean dryRun, GcSteps steps) {
    requireIndex();
    maker.gcLock().lock();
    try {
      return new LocalGc(layout, kv, objects, metadata, catalog, steps).run(roots.get(), dryRun);
    } finally {
      maker.gcLock().unlock();
    }
  }

  /** Where chunks whose packs stay on a remote are read from (a lazy pull or mount). */
  public void setChunkSource(ChunkSource source) {
    objects.setChunkSource(source);
  }

  /** Closes pack readers, then the index. */
  @Override
  public void close() {
    objects.close();
    kv.close();
  }
}
