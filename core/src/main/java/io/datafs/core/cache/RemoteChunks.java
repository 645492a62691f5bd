package io.datafs.core.cache;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectCodec;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.store.ChunkSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Chunks of packs that stay on a remote: from the {@link ChunkDiskCache} when it has them, else by one ranged read of
 * the pack (the local index knows each chunk's offset and stored length), decoded and checked against the chunk's id
 * before a byte is used. Bytes that do not match are fetched once more (a flipped bit in transit), then refused with
 * a log line: the read fails, wrong bytes are never served. Once a remote proved unreachable (the retries of
 * {@link io.datafs.core.remote.RetryingRemote} ran out), reads of it fail at once for a few seconds instead of each
 * waiting out its own retries. Thread-safe; the caller runs reads in parallel (read-ahead, many readers).
 */
public final class RemoteChunks implements ChunkSource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("datafs.remote");
  /** After an unreachable remote, how long reads of it fail fast. */
  static final long DOWN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ChunkDiskCache cache;
  private final Function<RemoteRef, Remote> opener;
  private final Map<RemoteRef, Remote> remotes = new ConcurrentHashMap<>();
  private final Map<RemoteRef, Long> downUntil = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  /** @param opener opens a remote the first time a chunk of it is read; the remote is kept until {@link #close} */
  public RemoteChunks(ChunkDiskCache cache, Function<RemoteRef, Remote> opener) {
    this.cache = cache;
    this.opener = opener;
  }

  @Override
  public byte[] read(ObjectLocation loc, RemoteRef where) {
    PackEntry e = loc.entry();
    byte[] cached = cache.get(e.id());
    if (cached != null) return cached;
    Long down = downUntil.get(where);
    if (down != null && System.nanoTime() < down) {
      throw new RemoteUnreachableException("remote " + where + " is unreachable (it did not answer moments ago): "
          + "chunk " + e.id().shortHex(12) + " is not cached here", null);
    }
    Remote remote = remotes.computeIfAbsent(where, opener);
    for (int attempt = 1; ; attempt++) {
      byte[] stored;
      try {
        stored = remote.read(RemoteLayout.pack(loc.packId()), e.offset(), e.storedLength());
      } catch (RemoteUnreachableException ex) {
        if (downUntil.put(where, System.nanoTime() + DOWN_NANOS) == null) {
          LOG.log(System.Logger.Level.WARNING, ex.getMessage() + ": reads of content not cached here fail until it answers");
        }
        throw ex;
      }
      downUntil.remove(where);
      requests.increment();
      bytes.add(stored.length);
      byte[] raw = decode(e, stored);
      if (raw != null) {
        cache.put(e.id(), raw);
        return raw;
      }
      String what = "chunk " + e.id() + " from remote " + where + " (pack " + loc.packId().shortHex(12) + " at "
          + e.offset() + ") does not match its hash";
      if (attempt >= 2) {
        LOG.log(System.Logger.Level.ERROR, what + " again: not served");
        throw new CorruptObjectException(e.id(), what + ", twice: not served");
      }
      LOG.log(System.Logger.Level.WARNING, what + ": fetching it again");
    }
  }

  /** The raw bytes if the stored bytes decode to exactly the chunk, else null. */
  private static byte[] decode(PackEntry e, byte[] stored) {
    if (stored.length != e.storedLength()) return null;
    try {
      byte[] raw = ObjectCodec.decode(e.codec(), stored, 0, stored.length, e.rawLength());
      return ObjectId.hash(raw).equals(e.id()) ? raw : null;
    } catch (IllegalArgumentException damaged) {
      return null;
    }
  }

  /** Ranged reads made (each one request to the remote). */
  public long requests() {
    return requests.sum();
  }

  /** Stored bytes fetched from remotes. */
  public long bytesFetched() {
    return bytes.sum();
  }

  public ChunkDiskCache cache() {
    return cache;
  }

  @Override
  public void close() {
    remotes.values().forEach(Remote::close);
    remotes.clear();
  }
}
