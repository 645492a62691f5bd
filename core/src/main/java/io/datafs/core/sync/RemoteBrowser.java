package io.datafs.core.sync;

import io.datafs.core.error.StoreIoException;
import io.datafs.core.pack.Packs;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.TreeListing;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.tree.WalkVisitor;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Lists a remote's versions and trees without pulling them: records are read as they are, metadata packs are
 * fetched into a scratch folder that {@link #close} deletes, and the local store is never written (only its pages are
 * read, where it has them, to fetch less).
 */
public final class RemoteBrowser implements AutoCloseable {
  private final Remote remote;
  private final RemoteCatalog catalog;
  private final MetadataObjects local;
  private final LocalObjects objects;
  private final Path packsDir;
  private final Path indexCache;
  private Path scratch;
  private StagedMetadata pages;

  /** @param published what this store saw the remote publish, held against what it holds now */
  public RemoteBrowser(Remote remote, PublishedVersions published, MetadataObjects local, LocalObjects objects,
                       Path packsDir, Path indexCache) {
    this.remote = remote;
    this.catalog = new RemoteCatalog(remote, published);
    this.local = local;
    this.objects = objects;
    this.packsDir = packsDir;
    this.indexCache = indexCache;
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
    RemoteFormat.read(remote);
    return catalog.resolve(VersionAddress.parse(address));
  }

  /** Lists a path of a remote version, as {@code Repository#list} does for a local one. */
  public void list(Version v, String path, boolean recursive, WalkVisitor visitor) {
    TreeListing.list(pages(), v, path, recursive, visitor);
  }

  private synchronized StagedMetadata pages() {
    if (pages == null) {
      try {
        scratch = Files.createDirectories(Packs.tmpDir(packsDir).resolve("browse-" + UUID.randomUUID()));
      } catch (IOException e) {
        throw new StoreIoException("creating a scratch folder in " + Packs.tmpDir(packsDir), e);
      }
      RemotePacks packs = RemotePacks.load(remote, p -> objects.pack(p) != null, indexCache);
      pages = new StagedMetadata(local, packs, new PackFetcher(remote, scratch), remote);
    }
    return pages;
  }

  @Override
  public synchronized void close() {
    if (pages != null) pages.close();
    PackFetcher.deleteStaging(scratch);
  }
}
