package io.datafs.core.cache;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.metrics.LatencyHistogram;
import io.datafs.core.pack.ObjectCodec;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.store.ChunkSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Chunks of packs that stay on a remote: from the {@link ChunkDiskCache} when it has them, else by a ranged read of
 * the pack (the local index knows each chunk's offset and stored length), decoded and checked against the chunk's id
 * before a byte is used. Bytes that do not match are fetched once more (a flipped bit in transit), then refused: the
 * read fails, wrong bytes are never served. Once a remote proved unreachable (the retries of
 * {@link io.datafs.core.remote.RetryingRemote} ran out), reads of it fail at once for a few seconds instead of each
 * waiting out its own retries. Thread-safe; the caller runs reads in parallel (read-ahead, many readers).
 *
 * <p>{@link #prefetch} fetches many chunks ahead of their reads, neighbours in a pack by one ranged read each
 * ({@link Span}), several at once on threads of its own. A span is streamed: each chunk is checked and written to the
 * disk cache as soon as its bytes arrived, so a read waits for its own chunk only, and no span is held in memory. A
 * read of a chunk still on its way waits for it; a chunk the disk cache could not keep waits in memory
 * ({@link Fetched}) for the read that wants it.
 */
public final class RemoteChunks implements ChunkSource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("datafs.remote");
  /** After an unreachable remote, how long reads of it fail fast. */
  static final long DOWN_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Chunks closer than this in a pack are fetched by one ranged read, the bytes between them thrown away. */
  static final int SPAN_GAP = 64 << 10;
  /**
   * A warm-up's spans bridge gaps up to this: the files its shuffled reads fetched themselves meanwhile are streamed
   * past (not kept again) rather than split its spans into one request per hole.
   */
  static final int WARM_GAP = 1 << 20;
  /** At most this much per ranged read: fewer requests, each streamed, while several still run at once. */
  static final int SPAN_MAX = 32 << 20;
  static final int FETCH_THREADS = 4;
  private static final long FETCHED_BYTES = 128L << 20;

  private final ChunkDiskCache cache;
  private final Function<RemoteRef, Remote> opener;
  private final Map<RemoteRef, Remote> remotes = new ConcurrentHashMap<>();
  private final Map<RemoteRef, Long> downUntil = new ConcurrentHashMap<>();
  private final Map<ObjectId, CompletableFuture<Void>> fetching = new ConcurrentHashMap<>();
  private final Fetched fetched = new Fetched(FETCHED_BYTES);
  private final ExecutorService pool = Executors.newFixedThreadPool(FETCH_THREADS, r -> {
    Thread t = new Thread(r, "datafs-fetch");
    t.setDaemon(true);
    return t;
  });
  /** Each fetch thread's buffer for the stored bytes of one chunk, reused: streaming allocates nothing per chunk. */
  private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[0]);
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  /** Time to each request's answer (a streamed span: to its first bytes), for `datafs stats` and metrics. */
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** @param opener opens a remote the first time a chunk of it is read; the remote is kept until {@link #close} */
  public RemoteChunks(ChunkDiskCache cache, Function<RemoteRef, Remote> opener) {
    this.cache = cache;
    this.opener = opener;
  }

  @Override
  public byte[] read(ObjectLocation loc, RemoteRef where) {
    ObjectId id = loc.entry().id();
    awaitFetch(id);
    byte[] ready = fetched.take(id);
    if (ready == null) ready = cache.get(id);
    if (ready != null) {
      hits.increment();
      return ready;
    }
    misses.increment();
    byte[] raw = fetchOne(loc, where);
    cache.put(id, raw);
    return raw;
  }

  /**
   * The chunk's bytes, checked, from the disk cache or the remote, and not kept: for a pass over everything (verify).
   */
  @Override
  public byte[] readWithoutKeeping(ObjectLocation loc, RemoteRef where) {
    byte[] cached = cache.get(loc.entry().id());
    return cached != null ? cached : fetchOne(loc, where);
  }

  @Override
  public Path cachedFile(ObjectLocation loc, RemoteRef where) {
    ObjectId id = loc.entry().id();
    awaitFetch(id);
    Path file = cache.file(id);
    if (file == null && cache.contains(id)) file = cache.file(id); // cached since, by a prefetch that was not yet due
    if (file != null) {
      hits.increment();
      return file;
    }
    // in memory, or in a shared cache that hands out no files: read() takes it (and counts it)
    if (fetched.contains(id) || cache.contains(id)) return null;
    misses.increment();
    byte[] raw = fetchOne(loc, where);
    if (cache.put(id, raw) && (file = cache.file(id)) != null) return file;
    fetched.put(id, raw);
    return null;
  }

  /**
   * Starts fetching the chunks at {@code locs} (of packs of {@code where}) that are not cached or on their way, and
   * returns at once; in order, no more than a quarter of what the disk cache can hold now (its bound, or the room
   * above its disk's free-space floor), so that a small cache does not evict what was fetched before it is read (the
   * caller asks again for the rest). A chunk that fails here is simply fetched again by its read, which reports the
   * failure.
   */
  @Override
  public void prefetch(List<ObjectLocation> locs, RemoteRef where) {
    Long down = downUntil.get(where);
    if (down != null && System.nanoTime() < down) return;
    List<ObjectLocation> claimed = new ArrayList<>();
    long budget = prefetchBudget();
    for (ObjectLocation l : locs) {
      ObjectId id = l.entry().id();
      if (fetched.contains(id) || cache.contains(id)) continue;
      if ((budget -= l.entry().rawLength()) < 0) break;
      if (fetching.putIfAbsent(id, new CompletableFuture<>()) == null) claimed.add(l);
    }

    for (Span span : Span.of(claimed, SPAN_GAP, SPAN_MAX)) {
      try {
        pool.execute(() -> fetchSpan(span, where));
      } catch (RejectedExecutionException closed) {
        span.objects().forEach(l -> settled(l.entry().id()));
      }
    }
  }

  /** What {@link #fetchAll} of {@code locs} would fetch now: the chunks not cached, by the ranged reads it makes. */
  public FetchPlan plan(List<ObjectLocation> locs) {
    List<ObjectLocation> missing = locs.stream().filter(l -> !cache.contains(l.entry().id())).toList();
    List<Span> spans = Span.of(missing, SPAN_GAP, SPAN_MAX);
    return new FetchPlan(missing.size(), spans.stream().mapToLong(Span::length).sum(), spans.size());
  }

  /**
   * Fetches the chunks at {@code locs} (of packs of {@code where}) into the disk cache and returns once they are there
   * (datafs prefetch). Span by span, as {@link #plan} groups them, and no more spans at once than there are fetch
   * threads: a span's chunks are claimed as {@link #prefetch} claims them only when a thread is free for it, so a read
   * meanwhile waits for a chunk on its way rather than fetch it again, and fetches a chunk whose span is not yet
   * under way itself, instead of waiting behind the rest of the prefetch; chunks another fetch claimed first are
   * waited for, not fetched again. A chunk a span could not fetch is fetched on its own, which throws what went wrong.
   * {@code spanDone} is told the bytes of each ranged read as it ends.
   *
   * @return how many of the chunks the disk cache could not keep (full disk, or larger than its bound)
   */
  public int fetchAll(List<ObjectLocation> locs, RemoteRef where, LongConsumer spanDone) {
    fetchSpans(locs, where, SPAN_GAP, SPAN_MAX, spanDone);
    int notKept = 0;
    for (ObjectLocation l : locs) {
      ObjectId id = l.entry().id();
      if (cache.contains(id) || fetched.contains(id)) continue;
      if (!cache.put(id, fetchOne(l, where))) notKept++;
    }
    return notKept;
  }

  /**
   * A mount's warm-up of what it will read in shuffled order: {@link #fetchAll}'s spans, claimed as they start, but
   * what a span could not deliver is left to its read (which reports it), not fetched here one by one.
   */
  @Override
  public void warm(List<ObjectLocation> locs, RemoteRef where) {
    fetchSpans(locs, where, WARM_GAP, SPAN_MAX, length -> {});
  }

  /** A batch of a read plan: as {@link #warm}, but only chunks this close share a ranged read (as a prefetch's). */
  @Override
  public void follow(List<ObjectLocation> locs, RemoteRef where) {
    fetchSpans(locs, where, SPAN_GAP, SPAN_MAX, length -> {});
  }

  /** A quarter of what the disk cache can hold now: a prefetch asks for no more at once, nor a warm-up in all. */
  @Override
  public long prefetchBudget() {
    return cache.capacity() / 4;
  }

  /** Streams the spans of the chunks not cached, no more at once than there are threads; returns once all ended. */
  private void fetchSpans(List<ObjectLocation> locs, RemoteRef where, int gap, int max, LongConsumer spanDone) {
    List<ObjectLocation> missing = locs.stream().filter(l -> !cache.contains(l.entry().id())).toList();
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    Semaphore threads = new Semaphore(FETCH_THREADS);
    for (Span planned : Span.of(missing, gap, max)) {
      threads.acquireUninterruptibly();
      List<Span> spans = Span.of(claim(planned.objects(), waits), gap, max); // less what others claimed
      try {
        pool.execute(() -> {
          try {
            for (Span span : spans) {
              fetchSpan(span, where);
              spanDone.accept(span.length());
            }
          } finally {
            threads.release();
          }
        });
      } catch (RejectedExecutionException closed) {
        spans.forEach(span -> span.objects().forEach(l -> settled(l.entry().id())));
        threads.release();
      }
    }
    waits.forEach(CompletableFuture::join);
  }

  /** Claims those of {@code locs} not cached nor on their way; adds the wait for each, claimed here or not. */
  private List<ObjectLocation> claim(List<ObjectLocation> locs, List<CompletableFuture<Void>> waits) {
    List<ObjectLocation> claimed = new ArrayList<>();
    for (ObjectLocation l : locs) {
      ObjectId id = l.entry().id();
      if (cache.contains(id)) continue;
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> theirs = fetching.putIfAbsent(id, mine);
      waits.add(theirs == null ? mine : theirs);
      if (theirs == null) claimed.add(l);
    }
    return claimed;
  }

  /**
   * Waits for a prefetch of the chunk under way, if any. It always ends normally ({@link #settled}): a chunk it could
   * not fetch is simply not cached, and the caller fetches it and reports its own failure.
   */
  private void awaitFetch(ObjectId id) {
    CompletableFuture<Void> pending = fetching.get(id);
    if (pending != null) pending.join();
  }

  /** Streams one span: each chunk is checked and kept as soon as it arrived; the rest fail over to their reads. */
  private void fetchSpan(Span span, RemoteRef where) {
    int done = 0;
    try (InputStream in = open(where, span)) {
      long at = span.offset();
      for (ObjectLocation l : span.objects()) {
        PackEntry e = l.entry();
        in.skipNBytes(e.offset() - at);
        byte[] stored = buffer(e.storedLength());
        if (in.readNBytes(stored, 0, e.storedLength()) != e.storedLength()) break; // the pack is shorter: damaged
        bytes.add(e.offset() + e.storedLength() - at);
        at = e.offset() + e.storedLength();
        keep(e, stored);
        settled(e.id());
        done++;
      }
    } catch (IOException | RuntimeException e) {
      // each read of the chunks not fetched fetches on its own, and reports what went wrong
    } finally {
      for (ObjectLocation l : span.objects().subList(done, span.objects().size())) settled(l.entry().id());
    }
  }

  /** Checks a prefetched chunk's stored bytes and keeps them: on disk, else in memory; damaged ones are dropped. */
  private void keep(PackEntry e, byte[] stored) {
    byte[] raw = ObjectCodec.decodeChecked(e, stored);
    if (raw == null) return; // its read fetches it again, and reports it
    int length = e.rawLength();
    if (!cache.put(e.id(), raw, 0, length)) fetched.put(e.id(), raw == stored ? Arrays.copyOf(raw, length) : raw);
  }

  /** Ends the wait for a chunk: its read finds it in the cache, or fetches it itself. */
  private void settled(ObjectId id) {
    CompletableFuture<Void> f = fetching.remove(id);
    if (f != null) f.complete(null);
  }

  private byte[] buffer(int length) {
    byte[] b = buffers.get();
    if (b.length < length) {
      b = new byte[Math.max(length, 1 << 20)];
      buffers.set(b);
    }
    return b;
  }

  /** A read's own fetch of one chunk: checked, once more if the bytes do not match, then refused. */
  private byte[] fetchOne(ObjectLocation loc, RemoteRef where) {
    PackEntry e = loc.entry();
    checkUp(where, e.id());
    Remote remote = remotes.computeIfAbsent(where, opener);
    for (int attempt = 1; ; attempt++) {
      byte[] stored = fetch(remote, where, loc.packId(), e.offset(), e.storedLength());
      byte[] raw = stored.length == e.storedLength() ? ObjectCodec.decodeChecked(e, stored) : null;
      if (raw != null) return raw;
      String what = "chunk " + e.id() + " from remote " + where + " (pack " + loc.packId().shortHex(12) + " at "
          + e.offset() + ") does not match its hash";
      // the reader reports the failure: a mount logs it with the path read, a command tells its user
      if (attempt >= 2) throw new CorruptObjectException(e.id(), what + ", twice: not served");
      LOG.log(System.Logger.Level.WARNING, what + ": fetching it again");
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
    byte[] got = reachable(where, () -> remote.read(RemoteLayout.pack(pack), offset, length));
    bytes.add(got.length);
    return got;
  }

  private InputStream open(RemoteRef where, Span span) {
    Remote remote = remotes.computeIfAbsent(where, opener);
    return reachable(where, () -> remote.open(RemoteLayout.pack(span.pack()), span.offset(), span.length()));
  }

  /** Runs one request; an unreachable remote is remembered, so the reads after it fail fast. */
  private <T> T reachable(RemoteRef where, Supplier<T> request) {
    T got;
    long start = System.nanoTime();
    try {
      got = request.get();
    } catch (RemoteUnreachableException ex) {
      if (downUntil.put(where, System.nanoTime() + DOWN_NANOS) == null) {
        LOG.log(System.Logger.Level.WARNING,
            ex.getMessage() + ": reads of content not cached here fail until it answers");
      }
      throw ex;
    }
    latency.record(System.nanoTime() - start);
    downUntil.remove(where);
    requests.increment();
    return got;
  }

  /** Ranged reads made (each one request to the remote). */
  public long requests() {
    return requests.sum();
  }

  /**
   * Opens {@code where} for reads now, if not yet: so that a fetch timed after it measures the remote's throughput,
   * not the start of its client (seconds for an SDK's first use).
   */
  public void connect(RemoteRef where) {
    remotes.computeIfAbsent(where, opener);
  }

  /** Reads served by the disk cache (or a prefetch's memory) without a fetch of their own. */
  public long hits() {
    return hits.sum();
  }

  /** Reads that fetched their chunk themselves. */
  public long misses() {
    return misses.sum();
  }

  /** Stored bytes fetched from remotes. */
  public long bytesFetched() {
    return bytes.sum();
  }

  /** How long answered requests took. */
  public LatencyHistogram.Snapshot fetchLatency() {
    return latency.snapshot();
  }

  public ChunkDiskCache cache() {
    return cache;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    fetching.values().forEach(f -> f.complete(null));
    remotes.values().forEach(Remote::close);
    remotes.clear();
  }
}
