package io.datafs.fs;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.id.ObjectId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One open file: its chunks with where each starts, computed once at open, so a read finds its first chunk by
 * binary search. Keeps how each chunk it read is read ({@link Chunks.Access}: a checked view of a local pack, a checked
 * file of the chunk cache, the shared cache, or a failed check), so that a read finds it without a lookup: each chunk
 * is checked once per open, by whoever asks first (a read or a read-ahead; the other waits for that answer), and what
 * was checked is what this open file serves. Remembers where the last read ended,
 * to tell sequential reading from random access.
 */
public final class OpenFile {
  private final String path;
  private final TreeEntry entry;
  private final ChunkRef[] chunks;
  private final long[] starts; // starts[i]: offset in the file of chunks[i]'s first byte
  // access[i]: how chunks[i] is read, once known; null: nobody asked yet. A future, so that a read-ahead and a read
  // asking at once decide once: a second check of a cache file would read it back into memory after its read-through
  private final AtomicReferenceArray<CompletableFuture<Chunks.Access>> access;
  private volatile long lastEnd; // racy by design: concurrent reads on one handle only blur the guess
  private long prefetchedTo; // guarded by this: the end of the window of remote chunks asked for

  public OpenFile(String path, TreeEntry entry, List<ChunkRef> chunks) {
    this.path = path;
    this.entry = entry;
    this.chunks = chunks.toArray(ChunkRef[]::new);
    this.starts = new long[this.chunks.length];
    this.access = new AtomicReferenceArray<>(this.chunks.length);
    long at = 0;
    for (int i = 0; i < this.chunks.length; i++) {
      starts[i] = at;
      at += this.chunks[i].length();
    }
    if (at != entry.size()) {
      throw new CorruptObjectException(entry.contentId(), "the chunks of " + path + " add up to " + at
          + " bytes, not " + entry.size());
    }
  }

  /** The file's length. */
  public long size() {
    return entry.size();
  }

  String path() {
    return path;
  }

  int chunkCount() {
    return chunks.length;
  }

  ChunkRef chunk(int i) {
    return chunks[i];
  }

  /** Index of the chunk holding byte {@code offset}, which is inside the file. */
  int chunkAt(long offset) {
    int i = Arrays.binarySearch(starts, offset);
    return i >= 0 ? i : -i - 2;
  }

  /**
   * Copies the bytes at {@code offset} into {@code dst}, from its position up to its limit or the end of the file,
   * and returns how many. A chunk of the wrong length is refused rather than served.
   */
  public int read(long offset, ByteBuffer dst, Chunks source) {
    if (offset >= entry.size() || !dst.hasRemaining()) return 0;
    int n = (int) Math.min(dst.remaining(), entry.size() - offset);
    int done = 0;
    for (int i = chunkAt(offset); done < n; i++) {
      int from = (int) (offset + done - starts[i]);
      int len = Math.min(chunks[i].length() - from, n - done);
      Chunks.Access a = access(i, source);
      try {
        a.copy(from, len, dst);
      } catch (Chunks.Evicted e) {
        forget(i, a); // fetched again, once: a cache evicting it again at once is too small to read through
        (a = access(i, source)).copy(from, len, dst);
      }
      if (from + len == chunks[i].length()) source.readThrough(a, chunks[i].length());
      done += len;
    }
    return n;
  }

  /** Loads chunk {@code i} ahead of a read: maps and checks it, fetches it into the disk cache, or loads it. */
  void prefetch(int i, Chunks source) {
    access(i, source);
  }

  /**
   * The chunks to fetch so that a reader at {@code end} has {@code window} bytes ahead of it, when it has used half
   * of the window asked for before; else none. Each chunk is asked for once.
   */
  synchronized List<ObjectId> nextWindow(long end, long window) {
    if (end + window / 2 <= prefetchedTo || end >= entry.size()) return List.of();
    int first = chunkAt(Math.max(end, prefetchedTo));
    if (starts[first] < prefetchedTo) first++;
    List<ObjectId> ids = new ArrayList<>();
    int i = first;
    for (; i < chunks.length && starts[i] < end + window; i++) ids.add(chunks[i].id());
    prefetchedTo = i < chunks.length ? starts[i] : entry.size();
    return ids;
  }

  /** Whether chunk {@code i} was read from elsewhere than a local pack: a remote, or the cache of decoded chunks. */
  boolean notLocal(int i) {
    Chunks.Access a = known(i);
    return a != null && !(a instanceof Chunks.Mapped);
  }

  /** Whether chunk {@code i} is known to be mapped or on disk already: nothing left to prefetch. */
  boolean ready(int i) {
    Chunks.Access a = known(i);
    return a != null && !(a instanceof Chunks.Loaded);
  }

  /** How chunk {@code i} is read, if decided already; else null. */
  private Chunks.Access known(int i) {
    CompletableFuture<Chunks.Access> f = access.get(i);
    return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
  }

  private Chunks.Access access(int i, Chunks source) {
    CompletableFuture<Chunks.Access> f = access.get(i);
    if (f == null) {
      CompletableFuture<Chunks.Access> mine = new CompletableFuture<>();
      if (access.compareAndSet(i, null, mine)) return decide(i, source, mine);
      f = access.get(i);
      if (f == null) return access(i, source); // forgotten meanwhile: ask again
    }
    return ChunkCache.await(f); // the first asker's failure: it rethrew it; this caller does too
  }

  private Chunks.Access decide(int i, Chunks source, CompletableFuture<Chunks.Access> mine) {
    Chunks.Access a;
    try {
      a = source.access(path, chunks[i].id(), chunks[i].length());
    } catch (RuntimeException | Error e) {
      access.compareAndSet(i, mine, null); // a failed fetch is not remembered: the next read tries again
      mine.completeExceptionally(e);
      throw e;
    }
    mine.complete(a);
    if (a instanceof Chunks.Damaged d) source.report(path, d); // once per open file
    return a;
  }

  /** Forgets how chunk {@code i} is read, if it is still {@code a}: its cache file was evicted. */
  private void forget(int i, Chunks.Access a) {
    CompletableFuture<Chunks.Access> f = access.get(i);
    if (f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() == a) access.compareAndSet(i, f, null);
  }

  /**
   * Records a read of {@code [offset, end)}; true when it began where the previous one ended, or at the start (a file
   * kept for reads by path is read again from its start by the next pass).
   */
  boolean advance(long offset, long end) {
    boolean sequential = offset == lastEnd || offset == 0;
    lastEnd = end;
    return sequential;
  }
}
