package io.datafs.core.sync;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackReader;
import io.datafs.core.remote.Remote;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.tree.PageStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tree pages and chunk lists while a remote's versions are being read: the local store's when it has them, else
 * from the remote's metadata packs, each fetched whole (one request serves every page of an import) into a staging
 * folder and checked. Nothing here touches the local store; {@link #fetched} says what a pull may install.
 */
final class StagedMetadata implements PageStore, AutoCloseable {
  private final MetadataObjects local;
  private final RemotePacks remotePacks;
  private final PackFetcher fetcher;
  private final Remote remote;
  private final Map<ObjectId, PackReader> readers = new LinkedHashMap<>();
  private final Map<ObjectId, Path> fetched = new LinkedHashMap<>();
  private long bytes;

  StagedMetadata(MetadataObjects local, RemotePacks remotePacks, PackFetcher fetcher, Remote remote) {
    this.local = local;
    this.remotePacks = remotePacks;
    this.fetcher = fetcher;
    this.remote = remote;
  }

  @Override
  public synchronized byte[] get(ObjectId id) {
    if (local != null && local.has(id)) return local.get(id);
    ObjectId pack = remotePacks.packOf(id);
    if (pack == null) {
      throw new NotFoundException("metadata object " + id.shortHex(12) + " is in no pack of remote " + remote.url());
    }
    PackReader r = readers.get(pack);
    if (r == null) {
      List<PackEntry> entries = remotePacks.entries(pack);
      Path file = fetcher.fetch(pack, entries, RemotePacks.size(entries));
      r = PackReader.open(file);
      readers.put(pack, r);
      fetched.put(pack, file);
      bytes += r.size();
    }
    PackEntry e = r.find(id);
    return r.read(e); // checked against its id
  }

  @Override
  public void put(ObjectId pageId, byte[] encodedPage) {
    throw new UnsupportedOperationException("a remote's trees are read, not written");
  }

  /** The metadata packs fetched so far and their staged files. */
  synchronized Map<ObjectId, Path> fetched() {
    return Map.copyOf(fetched);
  }

  /** The staged reader of a fetched pack. */
  synchronized PackReader reader(ObjectId pack) {
    return readers.get(pack);
  }

  synchronized long bytes() {
    return bytes;
  }

  @Override
  public synchronized void close() {
    readers.values().forEach(PackReader::close);
    readers.clear();
  }
}
