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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Chunks of packs that stay on a remote: from the {@link ChunkDiskCache} when it has them, else by a ranged read of
 * the pack (the local index knows each chunk's offset and stored length), decoded and checked against the chunk's id
 * before a byte is used. Bytes that do not match are fetched once more (a flipped bit in transit), then refused with
 * a log line: the read fails, wrong bytes are never served. Once a remote proved unreachable (the retries of
 * {@link io.datafs.core.remote.RetryingRemote} ran out), reads of it fail at once for a few seconds instead of each
 * waiting out its own retries. Thread-safe; the caller runs reads in parallel (read-ahead, many readers).
 *
 * <p>{@link #prefetch} fetches many chunks ahead of their reads, neighbours in a pack by one ranged read each
 * ({@link Span}), several at once on threads of its own. What it fetched waits in memory ({@link Fetched}) for the
 * read that wanted it, and goes to the disk cache; a read of a chunk still being fetched waits for that fetch.
 */
public final class RemoteChunks implements ChunkSource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("datafs.remote");
  /** After an unreachable remote, how long reads of it fail fast. */
  static final long DOWN_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Chunks closer than this in a pack are fetched by one ranged read, the bytes between them thrown away. */
  static final int SPAN_GAP = 64 << 10;
  static final int SPAN_MAX = 8 << 20;
  private static final int FETCH_THREADS = 4;
  private static final long FETCHED_BYTES = 128L << 20;

  private final ChunkDiskCache cache;
  private final Function<RemoteRef, Remote> opener;
  private final Map<RemoteRef, Remote> remotes = new ConcurrentHashMap<>();
  private final Map<RemoteRef, Long> downUntil = new ConcurrentHashMap<>();
  private final Map<ObjectId, CompletableFuture<byte[]>> fetching = new ConcurrentHashMap<>();
  private final Fetched fetched = new Fetched(FETCHED_BYTES);
  private final ExecutorService pool = Executors.newFixedThreadPool(FETCH_THREADS, r -> {
    Thread t = new Thread(r, "datafs-fetch");
    t.setDaemon(true);
    return t;
  });
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
    byte[] ready = fetched.take(e.id());
    if (ready != null) return ready;
    CompletableFuture<byte[]> pending = fetching.get(e.id());
    if (pending != null) {
      try {
        byte[] raw = pending.join();
        fetched.take(e.id()); // this read is what it was fetched for
        return raw;
      } catch (CompletionException failed) {
        // the prefetch failed: this read fetches on its own, and reports its own failure
      }
    }
    byte[] cached = cache.get(e.id());
    if (cached != null) return cached;
    checkUp(where, e.id());
    Remote remote = remotes.computeIfAbsent(where, opener);
    for (int attempt = 1; ; attempt++) {
      byte[] stored = fetch(remote, where, loc.packId(), e.offset(), e.storedLength());
      byte[] raw = stored.length == e.storedLength() ? decode(e, stored, 0) : null;
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

  /**
   * Starts fetching the chunks at {@code locs} (of packs of {@code where}) that are not cached or on their way, and
   * returns at once. A chunk that fails here is simply fetched again by its read, which reports the failure.
   */
  @Override
  public void prefetch(List<ObjectLocation> locs, RemoteRef where) {
    Long down = downUntil.get(where);
    if (down != null && System.nanoTime() < down) return;
    List<ObjectLocation> claimed = new ArrayList<>();
    for (ObjectLocation l : locs) {
      ObjectId id = l.entry().id();
      if (fetched.contains(id) || cache.contains(id)) continue;
      if (fetching.putIfAbsent(id, new CompletableFuture<>()) == null) claimed.add(l);
    }

    for (Span span : Span.of(claimed, SPAN_GAP, SPAN_MAX)) {
      try {
        pool.execute(() -> fetchSpan(span, where));
      } catch (RejectedExecutionException closed) {
        settle(span, null);
      }
    }
  }

  private void fetchSpan(Span span, RemoteRef where) {
    byte[] got = null;
    try {
      got = fetch(remotes.computeIfAbsent(where, opener), where, span.pack(), span.offset(), span.length());
    } catch (RuntimeException e) {
      // each read of these chunks fetches on its own and reports what went wrong
    }
    settle(span, got);
  }

  /** Checks, keeps and hands over each chunk of a span from its bytes, or fails the waiting reads over to their own fetch. */
  private void settle(Span span, byte[] got) {
    for (ObjectLocation l : span.objects()) {
      PackEntry e = l.entry();
      byte[] raw = got == null || got.length != span.length() ? null : decode(e, got, (int) (e.offset() - span.offset()));
      CompletableFuture<byte[]> f = fetching.get(e.id());
      if (raw != null) {
        cache.put(e.id(), raw);
        fetched.put(e.id(), raw);
        if (f != null) f.complete(raw);
      } else if (f != null) {
        f.completeExceptionally(new CorruptObjectException(e.id(), "prefetch of chunk " + e.id() + " failed"));
      }
      fetching.remove(e.id(), f);
    }
  }

  private void checkUp(RemoteRef where, ObjectId chunk) {
    Long down = downUntil.get(where);
    if (down != null && System.nanoTime() < down) {
      throw new RemoteUnreachableException("remote " + where + " is unreachable (it did not answer moments ago): "
          + "chunk " + chunk.shortHex(12) + " is not cached here", null);
    }
  }

  /** One ranged read of a pack; an unreachable remote is remembered, so the reads after it fail fast. */
  private byte[] fetch(Remote remote, RemoteRef where, ObjectId pack, long offset, int length) {
    byte[] got;
    try {
      got = remote.read(RemoteLayout.pack(pack), offset, length);
    } catch (RemoteUnreachableException ex) {
      if (downUntil.put(where, System.nanoTime() + DOWN_NANOS) == null) {
        LOG.log(System.Logger.Level.WARNING, ex.getMessage() + ": reads of content not cached here fail until it answers");
      }
      throw ex;
    }
    downUntil.remove(where);
    requests.increment();
    bytes.add(got.length);
    return got;
  }

  /** The raw bytes if the stored bytes at {@code from} in {@code stored} decode to exactly the chunk, else null. */
  private static byte[] decode(PackEntry e, byte[] stored, int from) {
    if (from < 0 || stored.length - from < e.storedLength()) return null;
    try {
      byte[] raw = ObjectCodec.decode(e.codec(), stored, from, e.storedLength(), e.rawLength());
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
    pool.shutdownNow();
    fetching.values().forEach(f -> f.completeExceptionally(new CorruptObjectException(null, "closed")));
    remotes.values().forEach(Remote::close);
    remotes.clear();
  }
}
