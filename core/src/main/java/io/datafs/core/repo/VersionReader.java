package io.datafs.core.repo;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.store.FileContent;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.LinkReach;
import io.datafs.core.tree.PageCache;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Read access to one version, at the granularity a filesystem needs: look up one name in a directory, page
 * through a directory, list a file's chunks, read one chunk (verified against its id). Thread-safe.
 */
public final class VersionReader {
  /** Decoded pages kept per version read: a leaf of 64 entries is some 16 KB decoded, so about 16 MB. */
  private static final int PAGE_CACHE = 1_024;

  private final Version version;
  private final PageStore pages;
  private final FileContent content;
  private final LocalObjects objects;
  private final LinkReach links;
  private final boolean lazy;
  /** The pages as stored, under the cache: a lazy version's store fetches from its remote. */
  private final PageStore stored;

  VersionReader(Version version, PageStore pages, FileContent content, LocalObjects objects, boolean lazy) {
    this.version = version;
    this.pages = new PageCache(pages, PAGE_CACHE); // a mount resumes listings from the root page, each call
    this.lazy = lazy;
    this.stored = pages;
    this.content = content;
    this.objects = objects;
    this.links = new LinkReach(this.pages);
  }

  public Version version() {
    return version;
  }

  /** The root directory, as an entry named "" that changed in this version. */
  public TreeEntry root() {
    return TreeEntry.dir("", 0755, 0, version.record().number(), version.rootId());
  }

  public Optional<TreeEntry> lookup(TreeEntry dir, String name) {
    if (!dir.isDir()) throw new NotFoundException("not a directory: " + dir.name());
    return Directory.lookup(pages, dir.contentId(), name);
  }

  /** {@link #lookup} with the entry's position in {@code dir} (how many entries sort before it). */
  public Optional<Directory.Located> locate(TreeEntry dir, String name) {
    if (!dir.isDir()) throw new NotFoundException("not a directory: " + dir.name());
    return Directory.locate(pages, dir.contentId(), name);
  }

  /** Number of entries of {@code dir}, from its root page alone. */
  public long count(TreeEntry dir) {
    return Directory.count(pages, dir.contentId());
  }

  /** Up to {@code limit} entries of {@code dir} named after {@code afterName} (null: from the start), in order. */
  public List<TreeEntry> listAfter(TreeEntry dir, String afterName, int limit) {
    return Directory.listAfter(pages, dir.contentId(), afterName, limit);
  }

  /** How far above a directory its symlinks reach: what moving it up would let escape. */
  public LinkReach links() {
    return links;
  }

  public List<ChunkRef> chunks(TreeEntry file) {
    return content.chunks(file);
  }

  /** A chunk's raw bytes; bytes that do not hash to {@code id} are never returned. */
  public byte[] readChunk(ObjectId id) {
    return objects.read(id);
  }

  /**
   * A chunk held as-is in a local pack, as a read-only view of the mapped pack checked against its CRC32C at this
   * call; null when it must be read with {@link #readChunk} (compressed, or on a remote).
   */
  public ByteBuffer rawView(ObjectId id) {
    return objects.rawView(id);
  }

  /**
   * A chunk of a remote pack as a file of the chunk cache checked at this call (against its id, or the CRC32C of bytes
   * that were), fetched first if need be; null when it must be read with {@link #readChunk} or {@link #rawView} (a
   * local chunk, or one the cache cannot hold).
   *
   * @throws io.datafs.core.error.DamagedCopyException when the cached file failed its check: it was dropped, and
   *     asking again fetches the chunk anew
   */
  public Path cachedFile(ObjectId id) {
    return objects.cachedFile(id);
  }

  /** Starts fetching chunks of remote packs that reads will want soon; returns at once. */
  public void prefetch(Collection<ObjectId> ids) {
    objects.prefetch(ids);
  }

  /** Fetches chunks of remote packs into the cache in large ranged reads; returns once they are there. */
  public void warm(Collection<ObjectId> ids) {
    objects.warm(ids);
  }

  /** Fetches a batch of a reader-supplied order into the cache; returns once it is there. */
  public void follow(Collection<ObjectId> ids) {
    objects.follow(ids);
  }

  /** How many bytes of remote chunks a prefetch or warm-up may ask for at once (a quarter of the cache). */
  public long prefetchBudget() {
    return objects.prefetchBudget();
  }

  /** Whether reads may go to a remote: the version's tree is read lazily, or some pack of the store is only there. */
  public boolean mayReadRemote() {
    return lazy || objects.hasRemotePacks();
  }

  /**
   * For a version read lazily, starts fetching the pages of these subdirectories (and their chunk lists), so a walk
   * that goes into them next does not wait one round trip for each; returns at once.
   */
  public void prefetchDirectories(List<TreeEntry> entries) {
    if (!lazy || !(stored instanceof MetadataObjects m)) return;
    List<ObjectId> ids = new java.util.ArrayList<>();
    for (TreeEntry e : entries) {
      if (e.isDir() && !e.contentId().equals(Directory.EMPTY_DIR)) ids.add(e.contentId());
    }
    if (!ids.isEmpty()) m.prefetch(ids);
  }

  /** Whether the version's tree is read lazily from a remote, a page at a time. */
  public boolean isLazy() {
    return lazy;
  }

  /** Whether a chunk comes from a remote (its pack is not here). */
  public boolean isRemote(ObjectId id) {
    return objects.isRemote(id);
  }
}
