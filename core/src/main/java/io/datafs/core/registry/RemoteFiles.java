package io.datafs.core.registry;

import io.datafs.core.cache.Span;
import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectCodec;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.sync.RemoteBrowser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The content of a remote version's files, fetched by ranged reads of only the chunks asked for. Files are added in the
 * order they are to be written, and their chunks gathered in batches of up to {@value #BATCH_BYTES} bytes (or
 * {@value #BATCH_FILES} files). A batch's chunks, each once, are fetched by pack and offset, whatever order import
 * wrote them in ({@link Span}: neighbours in a pack with gaps of at most {@value #SPAN_GAP} bytes, one ranged read of
 * up to {@value #SPAN_MAX} bytes), on {@value #THREADS} threads; while one batch is fetched, the one before is handed,
 * in order, to each file's {@link Sink}: one file is written at a time, and memory is two batches. Every chunk is
 * checked against its id before it is handed on; bytes that do not match are fetched once more on their own (a flipped
 * bit in transit), then refused. Not thread-safe: one thread adds files and finishes.
 */
public final class RemoteFiles implements AutoCloseable {
  /** Where a file's chunks go, in order, and then its end; called on the thread that adds files. */
  public interface Sink {
    /** The next chunk of the file, checked: exactly its raw bytes. */
    void chunk(ObjectId id, byte[] raw) throws IOException;

    /** All chunks asked for were handed on. */
    void end() throws IOException;
  }

  static final int SPAN_GAP = 64 << 10;
  static final int SPAN_MAX = 16 << 20;
  static final long BATCH_BYTES = 64L << 20;
  static final int BATCH_FILES = 4096;
  static final int THREADS = 4;

  /** One chunk of a file to hand on; {@code last} ends the file. */
  private record Item(ObjectId chunk, Sink sink, boolean last) {}

  /** Chunks of files, in order, and where each distinct chunk is; then the fetches of their spans. */
  private static final class Batch {
    final List<Item> items = new ArrayList<>();
    final Map<ObjectId, ObjectLocation> chunks = new LinkedHashMap<>();
    final Map<ObjectId, byte[]> fetched = new ConcurrentHashMap<>();
    final List<Future<?>> fetches = new ArrayList<>();
    long bytes;
    int files;
  }

  private final Remote remote;
  private final Function<ObjectId, ObjectLocation> locate;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
    Thread t = new Thread(r, "datafs-get");
    t.setDaemon(true);
    return t;
  });
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private Batch filling = new Batch();
  private Batch fetching;

  /** Content of the versions {@code browser} reads, located in the remote's packs it knows. */
  public RemoteFiles(RemoteBrowser browser) {
    this(browser.remote(), browser::locate);
  }

  RemoteFiles(Remote remote, Function<ObjectId, ObjectLocation> locate) {
    this.remote = remote;
    this.locate = locate;
  }

  /**
   * Asks for a file's content: its chunks that {@code wanted} accepts (asked once per chunk, in order) go to
   * {@code sink}, then its end. A file with no chunk wanted ends at once; others end as their last chunk is handed on,
   * during a later call or in {@link #finish}.
   */
  public void add(List<ChunkRef> chunks, Predicate<ObjectId> wanted, Sink sink) throws IOException {
    List<ObjectId> ids = new ArrayList<>();
    for (ChunkRef c : chunks) if (wanted.test(c.id())) ids.add(c.id());
    if (ids.isEmpty()) {
      sink.end();
      return;
    }
    filling.files++;
    for (int i = 0; i < ids.size(); i++) {
      ObjectId id = ids.get(i);
      if (!filling.chunks.containsKey(id)) {
        ObjectLocation at = locate.apply(id);
        filling.chunks.put(id, at);
        filling.bytes += at.entry().storedLength();
      }
      filling.items.add(new Item(id, sink, i == ids.size() - 1));
      if (filling.bytes >= BATCH_BYTES || filling.files >= BATCH_FILES) send();
    }
  }

  /** Hands on everything asked for; returns once each file has ended. */
  public void finish() throws IOException {
    send();
    send();
  }

  /** Ranged reads made. */
  public long requests() {
    return requests.sum();
  }

  /** Bytes read from the remote's packs. */
  public long bytesFetched() {
    return bytes.sum();
  }

  /** Starts fetching the batch being filled, then hands on the one fetched before it. */
  private void send() throws IOException {
    Batch ready = fetching;
    fetching = filling.items.isEmpty() ? null : filling;
    filling = new Batch();
    if (fetching != null) {
      for (Span span : Span.of(List.copyOf(fetching.chunks.values()), SPAN_GAP, SPAN_MAX)) {
        Batch into = fetching;
        fetching.fetches.add(pool.submit(() -> fetch(span, into.fetched)));
      }
    }
    if (ready != null) deliver(ready);
  }

  private static void deliver(Batch batch) throws IOException {
    batch.fetches.forEach(RemoteFiles::await);
    for (Item item : batch.items) {
      item.sink.chunk(item.chunk, batch.fetched.get(item.chunk));
      if (item.last) item.sink.end();
    }
  }

  private static void await(Future<?> pending) {
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatafsException("interrupted while fetching from a remote");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new DatafsException("fetching from a remote failed: " + e.getCause(), e.getCause());
    }
  }

  /** One ranged read, streamed: each chunk checked as it arrives; a stream broken part way goes on chunk by chunk. */
  private void fetch(Span span, Map<ObjectId, byte[]> into) {
    int done = 0;
    try (InputStream in = remote.open(RemoteLayout.pack(span.pack()), span.offset(), span.length())) {
      requests.increment();
      long at = span.offset();
      for (ObjectLocation l : span.objects()) {
        PackEntry e = l.entry();
        in.skipNBytes(e.offset() - at);
        byte[] stored = in.readNBytes(e.storedLength());
        bytes.add(e.offset() + stored.length - at);
        at = e.offset() + stored.length;
        byte[] raw = stored.length == e.storedLength() ? ObjectCodec.decodeChecked(e, stored) : null;
        into.put(e.id(), raw != null ? raw : again(l));
        done++;
      }
    } catch (IOException | UncheckedIOException broken) {
      // the rest of the span one chunk at a time, each read retried by the remote as any request is
    }
    for (ObjectLocation l : span.objects().subList(done, span.objects().size())) into.put(l.entry().id(), again(l));
  }

  /** A chunk by a read of its own: checked, and refused if still wrong. */
  private byte[] again(ObjectLocation l) {
    PackEntry e = l.entry();
    byte[] stored = remote.read(RemoteLayout.pack(l.packId()), e.offset(), e.storedLength());
    requests.increment();
    bytes.add(stored.length);
    byte[] raw = ObjectCodec.decodeChecked(e, stored);
    if (raw == null) {
      throw new CorruptObjectException(e.id(), "chunk " + e.id().shortHex(12) + " from remote " + remote.url()
          + " (pack " + l.packId().shortHex(12) + " at " + e.offset() + ") does not match its hash, twice: refused");
    }
    return raw;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
