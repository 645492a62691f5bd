package io.datafs.core.sync;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.Packs;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.TreeListing;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.WalkVisitor;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Lists a remote's versions and trees without pulling them: records are read as they are, metadata packs are
 * fetched into a scratch folder that {@link #close} deletes, and the local store is never written (only its pages are
 * read, where it has them, to fetch less). {@link #withoutStore} browses with no store at all, for commands given
 * only a remote's URL.
 */
public final class RemoteBrowser implements AutoCloseable {
  private final Remote remote;
  private final RemoteCatalog catalog;
  private final MetadataObjects local;
  private final Predicate<ObjectId> knownPack;
  private final Path scratchParent;
  private final Path indexCache;
  private final Path ownPacks;
  private final Thread cleanupAtExit;
  private Path scratch;
  private StagedMetadata pages;
  private RemotePacks packs;

  /** @param published what this store saw the remote publish, held against what it holds now */
  public RemoteBrowser(Remote remote, PublishedVersions published, MetadataObjects local, LocalObjects objects,
                       Path packsDir, Path indexCache) {
    this(remote, new RemoteCatalog(remote, published), local, p -> objects.pack(p) != null, Packs.tmpDir(packsDir),
        indexCache, null, null);
  }

  private RemoteBrowser(Remote remote, RemoteCatalog catalog, MetadataObjects local, Predicate<ObjectId> knownPack,
                        Path scratchParent, Path indexCache, Path ownPacks, Thread cleanupAtExit) {
    this.remote = remote;
    this.catalog = catalog;
    this.local = local;
    this.knownPack = knownPack;
    this.scratchParent = scratchParent;
    this.indexCache = indexCache;
    this.ownPacks = ownPacks;
    this.cleanupAtExit = cleanupAtExit;
  }

  /**
   * Browses every pack of {@code remote}, those this store holds too (a GC of the remote judges them all), reading
   * as little from the remote as this store allows: pages from {@code local} where it has them, each pack's index
   * from {@code indexCache}, else from this store's own copy of the pack in {@code packsDir}, else from the remote
   * (then kept in {@code indexCache}). Records are read as they are, not held against what this store saw published.
   */
  public static RemoteBrowser ofEveryPack(Remote remote, MetadataObjects local, Path packsDir, Path indexCache) {
    return new RemoteBrowser(remote, new RemoteCatalog(remote), local, p -> false, Packs.tmpDir(packsDir), indexCache,
        packsDir, null);
  }

  /**
   * Browses {@code remote} with no store: every pack index is read from the remote (nothing is cached), metadata
   * packs are fetched into a scratch folder under {@code scratchParent} (the system's temporary folder), which
   * {@link #close} deletes, as does the end of the process (an interrupted command) if close was not reached.
   */
  public static RemoteBrowser withoutStore(Remote remote, Path scratchParent) {
    RemoteBrowser[] self = new RemoteBrowser[1];
    Thread cleanup = new Thread(() -> self[0].deleteScratch(), "datafs-browse-cleanup");
    self[0] = new RemoteBrowser(remote, new RemoteCatalog(remote), null, p -> false, scratchParent, null, null,
        cleanup);
    Runtime.getRuntime().addShutdownHook(cleanup);
    return self[0];
  }

  public Remote remote() {
    return remote;
  }

  /** The remote's datasets, versions and tags; its format is checked first. */
  public RemoteCatalog catalog() {
    return catalog;
  }

  /** Whether the remote holds datafs data at all (a fresh bucket does not); a newer format is refused. */
  public boolean initialised() {
    return RemoteFormat.isInitialised(remote);
  }

  public Version resolve(String address) {
    return resolve(VersionAddress.parse(address));
  }

  public Version resolve(VersionAddress address) {
    RemoteFormat.read(remote);
    return catalog.resolve(address);
  }

  /** Lists a path of a remote version, as {@code Repository#list} does for a local one. */
  public void list(Version v, String path, boolean recursive, WalkVisitor visitor) {
    TreeListing.list(pages(), v, path, recursive, visitor);
  }

  /** The remote's tree pages and chunk lists (the local store's where it has them), each checked against its id. */
  public synchronized PageStore pages() {
    if (pages == null) pages = new StagedMetadata(local, packs(), new PackFetcher(remote, scratch()), remote);
    return pages;
  }

  /**
   * Where a chunk is in the remote's packs, for a ranged read of it.
   *
   * @throws NotFoundException when no pack of the remote this store does not know holds it
   */
  public synchronized ObjectLocation locate(ObjectId chunk) {
    ObjectLocation at = packs().locate(chunk);
    if (at == null) {
      throw new NotFoundException("chunk " + chunk.shortHex(12) + " is in no pack of remote " + remote.url());
    }
    return at;
  }

  /**
   * The objects of one of the remote's packs, from its index as read when the remote's packs were first needed (all
   * that {@code index/} listed then); null when its index was not listed then.
   */
  public synchronized List<PackEntry> packEntries(ObjectId pack) {
    return packs().entries(pack);
  }

  private RemotePacks packs() {
    if (packs == null) packs = RemotePacks.load(remote, knownPack, indexCache, ownPacks);
    return packs;
  }

  private Path scratch() {
    try {
      Files.createDirectories(scratchParent);
      scratch = Files.createDirectory(scratchParent.resolve("browse-" + UUID.randomUUID()));
      return scratch;
    } catch (IOException e) {
      throw new StoreIoException("creating a scratch folder in " + scratchParent, e);
    }
  }

  private synchronized void deleteScratch() {
    if (pages != null) pages.close();
    PackFetcher.deleteStaging(scratch);
  }

  @Override
  public void close() {
    deleteScratch();
    if (cleanupAtExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
      } catch (IllegalStateException exiting) {
        // the hook runs (or ran) anyway
      }
    }
  }
}
