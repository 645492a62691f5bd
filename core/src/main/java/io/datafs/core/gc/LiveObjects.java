package io.datafs.core.gc;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.sync.TreeObjects;
import io.datafs.core.tree.PageStore;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The mark of a GC: every chunk and metadata object (tree page, chunk list) reachable from a set of roots, walked
 * with {@link TreeObjects} (each shared directory once) over any {@link PageStore}, so the same walker serves the
 * local store and, over a remote's pages, a remote.
 */
public final class LiveObjects implements TreeObjects.Visitor {
  private final Set<ObjectId> chunks = new HashSet<>();
  private final Set<ObjectId> metadata = new HashSet<>();
  private final TreeObjects walker;
  private final TreeObjects presentOnly;
  private int versions;

  private LiveObjects(PageStore pages, Predicate<ObjectId> present) {
    this.walker = new TreeObjects(pages, false);
    this.presentOnly = TreeObjects.ofPresent(pages, present);
  }

  /**
   * Marks from every version of every dataset in {@code catalog} (tags name versions, so they add nothing) and from
   * {@code roots}.
   *
   * @throws CorruptObjectException naming what could not be read, and that nothing was deleted: a GC that cannot see
   *     everything that is live must not sweep
   */
  public static LiveObjects mark(PageStore pages, Catalog catalog, GcRoots roots) {
    return mark(pages, catalog, roots, v -> false, id -> true);
  }

  /**
   * {@link #mark}, where the versions {@code lazy} names (read lazily from a remote) are marked over the pages
   * {@code present} accepts only: their chunks that this store holds are named by pages fetched before (a page is
   * fetched before anything below it), and what was not fetched is the remote's, fetched with its locations when read.
   */
  public static LiveObjects mark(PageStore pages, Catalog catalog, GcRoots roots, Predicate<ObjectId> lazy,
                                 Predicate<ObjectId> present) {
    LiveObjects live = new LiveObjects(pages, present);
    String where = "";
    try {
      for (DatasetName ds : catalog.datasets()) {
        for (Version v : catalog.versions(ds)) {
          where = v.label();
          (lazy.test(v.id()) ? live.presentOnly : live.walker).walk(v, 0, live);
          live.versions++;
        }
      }
      for (GcRoots.Tree t : roots.trees()) {
        where = t.label();
        live.walker.walkTree(t.root(), t.label(), live);
      }
      for (GcRoots.File f : roots.files()) {
        where = f.label();
        live.walker.walkFile(f.entry(), f.label(), live);
      }
    } catch (DatafsException e) {
      throw new CorruptObjectException(null, "gc deleted nothing: the store is damaged (" + where + ": "
          + e.getMessage() + "); run datafs verify");
    }
    return live;
  }

  /**
   * Marks from {@code versions}, a remote's records ({@link RemoteGc}).
   *
   * @throws CorruptObjectException naming the version whose tree could not be read, and that nothing was deleted
   */
  public static LiveObjects markRemote(PageStore pages, List<Version> versions, String remote) {
    LiveObjects live = new LiveObjects(pages, id -> true);
    for (Version v : versions) {
      try {
        live.walker.walk(v, 0, live);
      } catch (DatafsException e) {
        throw new CorruptObjectException(null, "gc of remote " + remote + " deleted nothing: marking " + v.label()
            + " failed: " + e.getMessage());
      }
      live.versions++;
    }
    return live;
  }

  @Override
  public void metadata(ObjectId id) {
    metadata.add(id);
  }

  @Override
  public void chunk(ObjectId id) {
    chunks.add(id);
  }

  public boolean isLiveChunk(ObjectId id) {
    return chunks.contains(id);
  }

  public boolean isLiveMetadata(ObjectId id) {
    return metadata.contains(id);
  }

  public int chunkCount() {
    return chunks.size();
  }

  public int metadataCount() {
    return metadata.size();
  }

  /** How many versions were marked from. */
  public int versions() {
    return versions;
  }
}
