package io.datafs.core.sync;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.lazy.LazyPages;
import io.datafs.core.lazy.LazyVersions;
import io.datafs.core.lazy.LocatedObject;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.tree.Directory;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import java.util.List;

/**
 * What a lazy mount fetches before it mounts: the version's record and the records before it (checked as a pull
 * checks them), and the located object of its root page ({@code tree/}); nothing else. The records are published
 * here, each marked lazy from the remote ({@link LazyVersions}), so the rest of the tree is fetched a page at a time as
 * it is read ({@link LazyPages}). A remote whose version has no located root (pushed by an older datafs) is left to
 * {@link Puller}: {@link #fetch} answers null. The caller holds the dataset's lock.
 */
public final class LazyFetch {
  /** The version fetched, the versions published here, and the bytes of its root's located object. */
  public record Result(Version target, List<Version> added, long rootBytes) {}

  private final Catalog catalog;
  private final LocalObjects objects;
  private final KvStore kv;

  public LazyFetch(Catalog catalog, LocalObjects objects, KvStore kv) {
    this.catalog = catalog;
    this.objects = objects;
    this.kv = kv;
  }

  /** The version {@code address} names, published here as lazy; null when the remote has no located tree of it. */
  public Result fetch(Remote remote, RemoteRef ref, VersionAddress address) {
    RemoteFormat.read(remote);
    PublishedVersions published = new PublishedVersions(kv, ref);
    RemoteCatalog theirs = new RemoteCatalog(remote, published);
    Version target = theirs.resolve(address);
    DatasetName ds = target.record().datasetName();
    ObjectId root = target.rootId();
    LocatedObject located = root.equals(Directory.EMPTY_DIR) ? null : LazyPages.read(remote, root);
    if (located == null && !root.equals(Directory.EMPTY_DIR)) return null;
    List<Version> chain = theirs.versions(ds, target.record().number());
    if (!chain.get(chain.size() - 1).id().equals(target.id())) {
      throw new CorruptObjectException(target.id(),
          "remote " + remote.url() + " is damaged: " + target.label() + " changed while read");
    }
    List<Version> added = Puller.added(catalog, remote, ds, chain);
    if (located != null) LazyPages.install(kv, objects, located, ref);
    for (Version v : added) {
      KvBatch lazy = new KvBatch();
      LazyVersions.mark(lazy, v.id(), ref);
      if (catalog.head(ds) == v.record().number() - 1) {
        catalog.publish(v, lazy);
      } else { // after versions the remote removed (retain): the mark first, then the version and its tombstone
        kv.write(lazy);
        catalog.publishAfterRemoved(v, theirs.removedParent(v));
      }
    }
    published.remember(chain);
    return new Result(target, added, located == null ? 0 : located.encode().length);
  }
}
