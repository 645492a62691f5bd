package io.datafs.core.store;

import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.Encoded;
import io.datafs.core.pack.ObjectCodec;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackWriter;
import io.datafs.core.pack.SealedPack;
import io.datafs.core.tree.PageStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writes of one import or commit: new chunks into data packs, new pages and chunk lists into a metadata
 * pack. Thread-safe: ingest threads call it at once.
 *
 * <p>Crash safety comes from the order of writes. A pack is sealed (fsynced, renamed to its hash) before any
 * row names it; rows are written before the version that needs them is published (a synced write, which
 * makes every earlier write durable too). A session that never publishes leaves only unreferenced but valid
 * packs and rows behind; {@link #close()} without {@link #finish()} deletes its unsealed temp files.
 */
public final class WriteSession implements AutoCloseable, PageStore {
  /** Data packs are rolled at about this size: large enough for few files, small enough for ranged fetches. */
  public static final long DATA_PACK_TARGET = 128L << 20;
  /** ...and at this many objects, so that a pack of tiny files keeps a small index and bounded memory. */
  public static final int DATA_PACK_MAX_OBJECTS = 1 << 16;
  /** Pending metadata is flushed to a pack at about this size to bound memory on huge imports. */
  public static final long METADATA_FLUSH = 32L << 20;

  private final Path packsDir;
  private final KvStore kv;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final Set<ObjectId> claimed = ConcurrentHashMap.newKeySet();
  private final Map<ObjectId, Pending> pendingMetadata = new ConcurrentHashMap<>();
  private final AtomicLong pendingMetadataBytes = new AtomicLong();
  private final AtomicLong storedBytesAdded = new AtomicLong();
  private final AtomicLong chunksAdded = new AtomicLong();
  private final Object dataLock = new Object();
  private final Object turn = new Object();
  private long appended; // guarded by turn: batches 0..appended-1 appended what they held
  private final Object metadataLock = new Object();
  /**
   * Open data packs, guarded by dataLock: one for the chunks of small files, under {@link #SMALL_FILES}, and one for
   * those of large files per ingest thread, under the thread (see {@link #putChunk}).
   */
  private final Map<Object, PackWriter> data = new HashMap<>();
  private static final Object SMALL_FILES = new Object();
  /** Full packs waiting for or being sealed; closed (their temp files deleted) if the session is abandoned. */
  private final List<PackWriter> sealing = new ArrayList<>();
  private final List<Future<Void>> pendingSeals = new ArrayList<>();
  /** The first write failure of this session; later writes fail with it rather than with a broken writer. */
  private volatile RuntimeException failure;
  private final ExecutorService sealer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "datafs-seal");
    t.setDaemon(true);
    return t;
  });

  private record Pending(ObjectType type, byte[] bytes) {}

  public WriteSession(Path packsDir, KvStore kv, LocalObjects objects, MetadataObjects metadata) {
    this.packsDir = packsDir;
    this.kv = kv;
    this.objects = objects;
    this.metadata = metadata;
  }

  /** The size from which a file's chunks go to packs of their own: the largest chunk, so any smaller file is one. */
  public static final long LARGE_FILE = 4L << 20;

  /**
   * Stores a chunk unless the store or this session already has it. Compression runs on the calling thread so
   * that ingest threads compress in parallel. Chunks of files of {@link #LARGE_FILE} bytes or more go to other packs
   * than those of smaller files, one pack per calling thread (a file is chunked by one thread, in order): a large
   * file's chunks then follow each other in its packs, not interleaved with those of large files ingested at the
   * same time, and the files of a directory sit next to each other; a remote reader fetches many chunks with one
   * ranged read either way.
   */
  public void putChunk(ObjectId id, byte[] raw, int off, int len, long fileSize) {
    Encoded enc = claimAndEncode(id, raw, off, len);
    if (enc != null) append(id, enc, fileSize);
  }

  /**
   * Small-file chunks of one ingest batch, held back so that batches running in parallel append them in the order
   * the batches were made: a directory's small files then sit in a pack in name order (see {@link #appendInOrder}).
   */
  public static final class Held {
    private final List<ObjectId> ids = new ArrayList<>();
    private final List<Encoded> chunks = new ArrayList<>();
  }

  /** Claims and encodes the chunk of a small file now, on the calling thread; {@link #appendInOrder} appends it. */
  public void hold(Held held, ObjectId id, byte[] raw, int off, int len) {
    Encoded enc = claimAndEncode(id, raw, off, len);
    if (enc == null) return;
    // the caller's buffer is reused for its next file
    if (enc.bytes() == raw) enc = new Encoded(enc.codec(), Arrays.copyOfRange(raw, off, off + len), 0, len, len);
    held.ids.add(id);
    held.chunks.add(enc);
  }

  /**
   * Appends what batch {@code seq} held, after batch {@code seq - 1} appended its own (batches are numbered from 0,
   * in the order they go to a FIFO pool, so the one waited for is running or done). Always call it, even for a
   * batch that failed: the next batch waits for it.
   */
  public void appendInOrder(long seq, Held held) {
    synchronized (turn) {
      while (appended < seq) {
        try {
          turn.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DatafsException("interrupted while waiting to write to a pack");
        }
      }
    }
    try {
      for (int i = 0; i < held.ids.size(); i++) {
        append(held.ids.get(i), held.chunks.get(i), held.chunks.get(i).rawLength());
      }
    } finally {
      synchronized (turn) {
        appended = seq + 1;
        turn.notifyAll();
      }
    }
  }

  /** The encoded chunk, or null when the store or this session already has it. */
  private Encoded claimAndEncode(ObjectId id, byte[] raw, int off, int len) {
    RuntimeException failed = failure;
    if (failed != null) throw failed;
    if (claimed.contains(id) || objects.hasChunk(id) || !claimed.add(id)) return null;
    return ObjectCodec.encode(raw, off, len);
  }

  private void append(ObjectId id, Encoded enc, long fileSize) {
    Object stream = fileSize >= LARGE_FILE ? Thread.currentThread() : SMALL_FILES;
    PackWriter full = null;
    synchronized (dataLock) {
      if (failure != null) throw failure;
      PackWriter w = data.get(stream);
      try {
        if (w == null) data.put(stream, w = PackWriter.create(packsDir, PackKind.DATA));
        w.append(id, ObjectType.CHUNK, enc);
      } catch (RuntimeException e) {
        // The writer aborted itself (a full disk): every ingest thread now fails with this same error.
        failure = e;
        data.remove(stream);
        throw e;
      }
      if (w.size() >= DATA_PACK_TARGET || w.objectCount() >= DATA_PACK_MAX_OBJECTS) {
        full = w;
        data.remove(stream);
      }
    }
    storedBytesAdded.addAndGet(enc.length());
    chunksAdded.incrementAndGet();
    if (full != null) sealLater(full);
  }

  /**
   * Seals a full pack on the sealer thread: its fsync waits for the disk, and ingest threads should not.
   * Writers queued here are no longer appended to.
   */
  private void sealLater(PackWriter full) {
    synchronized (dataLock) {
      sealing.add(full);
      pendingSeals.add(sealer.submit(() -> {
        try {
          indexPack(full.seal());
        } catch (RuntimeException e) {
          failure = e; // ingest threads stop at their next chunk instead of filling the disk further
          throw e;
        }
        synchronized (dataLock) {
          sealing.remove(full);
        }
        return null;
      }));
    }
  }

  /** Stores a metadata object (a chunk list) unless present. */
  public void putMetadata(ObjectId id, ObjectType type, byte[] bytes) {
    if (pendingMetadata.containsKey(id) || metadata.has(id)) return;
    if (pendingMetadata.putIfAbsent(id, new Pending(type, bytes)) == null
        && pendingMetadataBytes.addAndGet(bytes.length) >= METADATA_FLUSH) {
      flushMetadata();
    }
  }

  @Override
  public void put(ObjectId pageId, byte[] encodedPage) {
    putMetadata(pageId, ObjectType.PAGE, encodedPage);
  }

  @Override
  public byte[] get(ObjectId pageId) {
    Pending p = pendingMetadata.get(pageId);
    return p != null ? p.bytes() : metadata.get(pageId);
  }

  /** Seals every open pack and writes the rows that index them. Call before publishing. */
  public void finish() {
    List<PackWriter> last;
    synchronized (dataLock) {
      last = List.copyOf(data.values());
      data.clear();
    }
    last.forEach(this::sealLater);
    awaitSeals();
    flushMetadata();
  }

  private void awaitSeals() {
    List<Future<Void>> seals;
    synchronized (dataLock) {
      seals = List.copyOf(pendingSeals);
    }
    for (Future<Void> f : seals) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatafsException("interrupted while sealing packs");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        throw new DatafsException("sealing a pack failed: " + e.getCause(), e.getCause());
      }
    }
  }

  public long storedBytesAdded() {
    return storedBytesAdded.get();
  }

  public long chunksAdded() {
    return chunksAdded.get();
  }

  private void indexPack(SealedPack pack) {
    KvBatch batch = new KvBatch();
    LocalObjects.index(pack, batch);
    kv.write(batch);
    // The index answers for these chunks now; forgetting them keeps the claim set as small as the open packs.
    if (pack.kind() == PackKind.DATA) pack.entries().forEach(e -> claimed.remove(e.id()));
  }

  /** Moves pending metadata into a sealed metadata pack and its rows into METADATA. */
  private void flushMetadata() {
    synchronized (metadataLock) {
      if (pendingMetadata.isEmpty()) return;
      Map<ObjectId, Pending> batchOf = Map.copyOf(pendingMetadata);
      KvBatch batch = new KvBatch();
      SealedPack sealed;
      try (PackWriter w = PackWriter.create(packsDir, PackKind.METADATA)) {
        for (var e : batchOf.entrySet()) {
          byte[] b = e.getValue().bytes();
          Encoded enc = ObjectCodec.encode(b, 0, b.length);
          w.append(e.getKey(), e.getValue().type(), enc);
          storedBytesAdded.addAndGet(enc.length());
          batch.put(Table.METADATA, e.getKey().toBytes(), b);
        }
        sealed = w.seal();
      }
      LocalObjects.index(sealed, batch);
      kv.write(batch);
      // Rows are readable now; drop exactly what was flushed (others may have been added meanwhile).
      for (var e : batchOf.entrySet()) {
        if (pendingMetadata.remove(e.getKey(), e.getValue())) {
          pendingMetadataBytes.addAndGet(-e.getValue().bytes().length);
        }
      }
    }
  }

  /** Abandons what was not finished: unsealed temp packs are deleted; sealed ones stay (valid, unreferenced). */
  @Override
  public void close() {
    sealer.shutdownNow();
    try {
      sealer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (dataLock) {
      data.values().forEach(PackWriter::close);
      data.clear();
      sealing.forEach(PackWriter::close);
      sealing.clear();
    }
  }
}
