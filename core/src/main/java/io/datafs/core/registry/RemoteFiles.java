package io.datafs.core.registry;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The content of a remote version's files, fetched by ranged reads of only the chunks asked for. Files are added in
 * the order they are to be written; their chunks, in that order, are cut into spans (chunks that follow each other in
 * one pack, with gaps of at most {@value #SPAN_GAP} bytes, at most {@value #SPAN_MAX} bytes a span: a large file's
 * chunks, a directory's small files, as import wrote them), each span one ranged read. Up to {@value #IN_FLIGHT}
 * spans are fetched at once on threads of their own while the thread that adds files hands the chunks, in order, to
 * each file's {@link Sink}: one file is written at a time, and memory is bounded by the spans in flight. Every chunk is
 * checked against its id before it is handed on; bytes that do not match are fetched once more (a flipped bit in
 * transit), then refused. Not thread-safe: one thread adds files and finishes.
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
  static final int IN_FLIGHT = 4;

  private record Item(PackEntry entry, Sink sink, boolean last) {}

  /** A span being cut, then fetched: {@code raws} are its items' checked bytes, in order. */
  private static final class Span {
    final ObjectId pack;
    final long start;
    long end;
    final List<Item> items = new ArrayList<>();

    Span(ObjectId pack, long start) {
      this.pack = pack;
      this.start = start;
      this.end = start;
    }
  }

  private record Fetched(Span span, List<byte[]> raws) {}

  private final Remote remote;
  private final Function<ObjectId, ObjectLocation> locate;
  private final ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
    Thread t = new Thread(r, "datafs-get");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Future<Fetched>> inFlight = new ArrayDeque<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private Span open;

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
   * {@code sink}, then its end. A file with no chunk wanted ends at once; others end as their last chunk arrives,
   * during a later call or in {@link #finish}.
   */
  public void add(List<ChunkRef> chunks, Predicate<ObjectId> wanted, Sink sink) throws IOException {
    List<ObjectLocation> locations = new ArrayList<>();
    for (ChunkRef c : chunks) if (wanted.test(c.id())) locations.add(locate.apply(c.id()));
    if (locations.isEmpty()) {
      sink.end();
      return;
    }
    for (int i = 0; i < locations.size(); i++) {
      queue(locations.get(i), new Item(locations.get(i).entry(), sink, i == locations.size() - 1));
    }
  }

  /** Hands on everything asked for; returns once each file has ended. */
  public void finish() throws IOException {
    send();
    while (!inFlight.isEmpty()) deliver(inFlight.poll());
  }

  /** Ranged reads made. */
  public long requests() {
    return requests.sum();
  }

  /** Bytes read from the remote's packs. */
  public long bytesFetched() {
    return bytes.sum();
  }

  private void queue(ObjectLocation at, Item item) throws IOException {
    long from = at.entry().offset();
    long to = from + at.entry().storedLength();
    boolean joins = open != null && open.pack.equals(at.packId()) && from >= open.end && from - open.end <= SPAN_GAP
        && to - open.start <= SPAN_MAX;
    if (!joins) {
      send();
      open = new Span(at.packId(), from);
    }
    open.items.add(item);
    open.end = to;
  }

  /** Starts fetching the span being cut; hands on the oldest fetched while too many are in flight. */
  private void send() throws IOException {
    if (open == null) return;
    Span span = open;
    open = null;
    inFlight.add(pool.submit(() -> fetch(span)));
    while (inFlight.size() > IN_FLIGHT) deliver(inFlight.poll());
  }

  private void deliver(Future<Fetched> pending) throws IOException {
    Fetched f = await(pending);
    for (int i = 0; i < f.raws.size(); i++) {
      Item item = f.span.items.get(i);
      item.sink.chunk(item.entry.id(), f.raws.get(i));
      if (item.last) item.sink.end();
    }
  }

  private static Fetched await(Future<Fetched> pending) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatafsException("interrupted while fetching from a remote");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new DatafsException("fetching from a remote failed: " + e.getCause(), e.getCause());
    }
  }

  /** One ranged read, streamed: each chunk checked as it arrives; a stream broken part way goes on chunk by chunk. */
  private Fetched fetch(Span span) {
    List<byte[]> raws = new ArrayList<>(span.items.size());
    try (InputStream in = remote.open(RemoteLayout.pack(span.pack), span.start, span.end - span.start)) {
      requests.increment();
      long at = span.start;
      for (Item item : span.items) {
        PackEntry e = item.entry;
        in.skipNBytes(e.offset() - at);
        byte[] stored = in.readNBytes(e.storedLength());
        bytes.add(e.offset() + stored.length - at);
        at = e.offset() + stored.length;
        byte[] raw = stored.length == e.storedLength() ? ObjectCodec.decodeChecked(e, stored) : null;
        raws.add(raw != null ? raw : again(span.pack, e));
      }
    } catch (IOException | UncheckedIOException broken) {
      // the rest of the span one chunk at a time, each read retried by the remote as any request is
    }
    for (int i = raws.size(); i < span.items.size(); i++) raws.add(again(span.pack, span.items.get(i).entry));
    return new Fetched(span, raws);
  }

  /** A chunk by a read of its own: checked, and refused if still wrong. */
  private byte[] again(ObjectId pack, PackEntry e) {
    byte[] stored = remote.read(RemoteLayout.pack(pack), e.offset(), e.storedLength());
    requests.increment();
    bytes.add(stored.length);
    byte[] raw = ObjectCodec.decodeChecked(e, stored);
    if (raw == null) {
      throw new CorruptObjectException(e.id(), "chunk " + e.id().shortHex(12) + " from remote " + remote.url() + " (pack "
          + pack.shortHex(12) + " at " + e.offset() + ") does not match its hash, twice: refused");
    }
    return raw;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
