package io.datafs.core.sync;

import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Which id one remote published as each version this store pushed there or pulled from there (table
 * {@link Table#REMOTE_VERSIONS}). A version record is create-only, so once a remote has published {@code cats@v3} as
 * an id it holds that id for ever: a record there that hashes to another id later was changed behind datafs's back,
 * which {@link RemoteCatalog} reports as damage, never as a version that diverged.
 */
public final class PublishedVersions {
  private final KvStore kv;
  private final byte[] remote;

  /** The versions {@code remote} (its URL and endpoint: two servers may hold one bucket name) is known to hold. */
  public PublishedVersions(KvStore kv, RemoteRef remote) {
    this.kv = kv;
    this.remote = remote.encode();
  }

  /** The id the remote published as {@code ds@vN}, or null when this store never saw it there. */
  public ObjectId idOf(DatasetName ds, long n) {
    byte[] id = kv.get(Table.REMOTE_VERSIONS, key(ds, n));
    return id == null ? null : ObjectId.of(id);
  }

  /** Whether the remote holds {@code v} itself (not another version of that number), as far as this store saw. */
  public boolean holds(Version v) {
    return v.id().equals(idOf(v.record().datasetName(), v.record().number()));
  }

  /** Remembers that the remote holds these versions, in one write. */
  public void remember(Iterable<Version> versions) {
    KvBatch batch = new KvBatch();
    for (Version v : versions) {
      batch.put(Table.REMOTE_VERSIONS, key(v.record().datasetName(), v.record().number()), v.id().toBytes());
    }
    if (!batch.isEmpty()) kv.write(batch); // unsynced: a row lost in a crash only makes this store know less
  }

  /** Forgets these versions of the remote (they were removed there), in one write. */
  public void forget(Iterable<Version> versions) {
    KvBatch batch = new KvBatch();
    for (Version v : versions) batch.delete(Table.REMOTE_VERSIONS, key(v.record().datasetName(), v.record().number()));
    if (!batch.isEmpty()) kv.write(batch.sync());
  }

  private byte[] key(DatasetName ds, long n) {
    byte[] name = ds.value().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(remote.length + 1 + name.length + 1 + 8).put(remote).put((byte) 0).put(name)
        .put((byte) 0).putLong(n).array();
  }
}
