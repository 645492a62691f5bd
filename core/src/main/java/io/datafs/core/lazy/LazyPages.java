package io.datafs.core.lazy;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.metrics.LatencyHistogram;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackKind;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.store.MetadataSource;
import io.datafs.core.store.PackRow;
import io.datafs.core.tree.IndexPage;
import io.datafs.core.tree.Page;
import io.datafs.core.tree.PageCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The {@link MetadataSource} of versions read lazily: a tree page or chunk list the store lacks is fetched from the
 * remote a lazy version is read from ({@code tree/<aa>/<id>}, one GET), checked ({@link LocatedObject#decode}: it
 * hashes to its id, its locations are those of the chunks it names), and kept with the locations of its chunks as
 * remote-only OBJECTS rows, so chunk reads, prefetch spans and the chunk cache work as for any remote-only pack. One
 * fetch per object however many readers ask at once. An object the remote lacks or that fails its check is a
 * {@link CorruptObjectException} (EIO for the directory that needs it), never "not found".
 *
 * <p>{@link #prefetch} fetches objects a walk will soon want (the subdirectories of a directory just listed) on a
 * small pool, so a {@code find} is not one round trip per directory.
 */
public final class LazyPages implements MetadataSource, AutoCloseable {
  /** Fetches in flight for walks: a cold walk is latency-bound, a fetch costs little CPU. */
  static final int PREFETCH_THREADS = 16;
  private static final int PREFETCH_QUEUE = 16_384;

  private final KvStore kv;
  private final LazyVersions versions;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final Function<RemoteRef, Remote> opener;
  private final Map<RemoteRef, Remote> remotes = new ConcurrentHashMap<>();
  private final Map<ObjectId, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool;
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LatencyHistogram latency = new LatencyHistogram();

  /** @param opener opens a remote the first time an object of it is fetched; kept until {@link #close} */
  public LazyPages(KvStore kv, LocalObjects objects, MetadataObjects metadata, Function<RemoteRef, Remote> opener) {
    this.kv = kv;
    this.versions = new LazyVersions(kv);
    this.objects = objects;
    this.metadata = metadata;
    this.opener = opener;
    this.pool = new ThreadPoolExecutor(PREFETCH_THREADS, PREFETCH_THREADS, 30, TimeUnit.SECONDS,
        new WalkOrder(PREFETCH_QUEUE), r -> {
      Thread t = new Thread(r, "datafs-lazy-pages");
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
  }

  @Override
  public byte[] fetch(ObjectId id) {
    return fetch(id, true);
  }

  /**
   * @param reader whether a reader waits for it (its index page's children are read next) or a prefetch guessed it
   *     (its children are queued only while the queue is less than half full: a listing of thousands of large
   *     subdirectories would otherwise queue the pages of every one of them ahead of those the walk needs first)
   */
  private byte[] fetch(ObjectId id, boolean reader) {
    Set<RemoteRef> from = versions.remotes();
    if (from.isEmpty()) return null;
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> other = inFlight.putIfAbsent(id, mine);
    if (other != null) return await(other);
    try {
      byte[] here = versions.object(id); // fetched by another reader just before this one asked
      byte[] got = here != null ? here : fetchFrom(from, id);
      mine.complete(got);
      if (here == null && (reader || pool.getQueue().size() < PREFETCH_QUEUE / 2)) prefetchChildren(id, got);
      return got;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(id, mine);
    }
  }

  /**
   * Starts fetching the objects a walk will want soon (each not here yet), ahead of those asked for before, in the
   * order given; returns at once. An index page among them has its children fetched next (a large subdirectory's
   * pages, in order), as has one a reader fetched itself: its readdir reads them next.
   */
  @Override
  public void prefetch(Collection<ObjectId> ids) {
    List<Runnable> batch = new ArrayList<>(ids.size());
    for (ObjectId id : ids) {
      if (inFlight.containsKey(id) || metadata.isHere(id)) continue;
      batch.add(() -> {
        try {
          fetch(id, false);
        } catch (RuntimeException e) {
          // a prefetch is only a guess: the read that needs the object reports what is wrong
        }
      });
    }
    if (batch.isEmpty()) return;
    pool.prestartAllCoreThreads(); // so that every task queues: started with a thread, it would skip the order
    for (int i = batch.size() - 1; i >= 0; i--) pool.execute(batch.get(i)); // each goes first: the first ends first
  }

  /** After a fetch: an index page's children are what the readdir of its directory reads next. */
  private void prefetchChildren(ObjectId id, byte[] object) {
    Page page;
    try {
      page = PageCodec.decode(id, object);
    } catch (RuntimeException notAPage) {
      return; // a chunk list
    }
    if (page instanceof IndexPage index) prefetch(index.children().stream().map(c -> c.pageId()).toList());
  }

  /** Requests made, bytes fetched and the time to each answer so far: remote reads, as `datafs stats` shows them. */
  public long requests() {
    return requests.sum();
  }

  public long bytes() {
    return bytes.sum();
  }

  public LatencyHistogram.Snapshot fetchLatency() {
    return latency.snapshot();
  }

  /**
   * Keeps a located object fetched from {@code ref}: its bytes, and, for each chunk it names that the store cannot
   * locate, a remote-only OBJECTS row and (for a pack the store does not know) a PACKS row naming {@code ref}, with
   * size and count 0: only the chunks of it that trees here name are known ({@link PackRow#isPartial}).
   */
  public static void install(KvStore kv, LocalObjects objects, LocatedObject o, RemoteRef ref) {
    KvBatch batch = new KvBatch();
    LazyVersions.putObject(batch, o.id(), o.object());
    Set<ObjectId> packs = new HashSet<>();
    for (Map.Entry<ObjectId, ObjectLocation> e : o.locations().entrySet()) {
      if (objects.hasChunk(e.getKey())) continue;
      ObjectLocation loc = e.getValue();
      batch.put(Table.OBJECTS, e.getKey().toBytes(), loc.encode());
      if (packs.add(loc.packId()) && objects.pack(loc.packId()) == null) {
        batch.put(Table.PACKS, loc.packId().toBytes(), new PackRow(PackKind.DATA, 0, 0, ref).encode());
      }
    }
    kv.write(batch); // not synced: what a crash loses is fetched again
  }

  /** Reads a located object of {@code remote}, checked; null when the remote has none under that id. */
  public static LocatedObject read(Remote remote, ObjectId id) {
    return read(remote, id, new LongAdder());
  }

  /** As {@link #read(Remote, ObjectId)}, adding the bytes read to {@code fetched}. */
  private static LocatedObject read(Remote remote, ObjectId id, LongAdder fetched) {
    RemoteKey key = RemoteLayout.tree(id);
    byte[] raw;
    try {
      raw = remote.read(key, 0, LocatedObject.MAX_ENCODED + 1);
    } catch (RemoteObjectNotFoundException e) {
      return null;
    }
    fetched.add(raw.length);
    if (raw.length > LocatedObject.MAX_ENCODED) {
      throw new CorruptObjectException(id, "remote " + remote.url() + ": " + key + " is larger than "
          + (LocatedObject.MAX_ENCODED >> 20) + " MiB, the most a located object may be: refused");
    }
    try {
      return LocatedObject.decode(id, raw);
    } catch (CorruptObjectException e) {
      throw new CorruptObjectException(id, "remote " + remote.url() + ": " + key + ": " + e.getMessage());
    }
  }

  private byte[] fetchFrom(Set<RemoteRef> from, ObjectId id) {
    for (RemoteRef ref : from) {
      Remote remote = remotes.computeIfAbsent(ref, opener);
      long start = System.nanoTime();
      LocatedObject o;
      try {
        o = read(remote, id, bytes);
      } finally {
        requests.increment();
        latency.record(System.nanoTime() - start);
      }
      if (o == null) continue;
      install(kv, objects, o, ref);
      return o.object();
    }
    throw new CorruptObjectException(id, "tree object " + id.shortHex(12) + " is not on " + (from.size() == 1
        ? "remote " + from.iterator().next() : "any of the remotes " + from) + " (" + RemoteLayout.tree(id) + "), which"
        + " a lazily read version needs: the remote is damaged; `datafs pull` of the version reads it whole");
  }

  private static byte[] await(CompletableFuture<byte[]> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new DatafsException("fetching a tree object failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * The prefetch queue in the order a depth-first walk (find) wants: a batch just asked for goes ahead of those asked
   * for before, its own order kept (the subdirectories of the directory just listed come next, the first first); full,
   * it drops the oldest guesses, which the walk reaches last.
   */
  private static final class WalkOrder extends LinkedBlockingDeque<Runnable> {
    WalkOrder(int capacity) {
      super(capacity);
    }

    @Override
    public boolean offer(Runnable task) {
      while (!offerFirst(task)) pollLast();
      return true;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    for (Remote r : remotes.values()) {
      try {
        r.close();
      } catch (RuntimeException e) {
        // closing: nothing left to read from it
      }
    }
    remotes.clear();
  }
}
