package io.datafs.fs;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.tree.TreeEntry;
import java.nio.ByteBuffer;
import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One open file: its chunks with where each starts, computed once at open, so a read finds its first chunk by
 * binary search. Keeps the checked view of each chunk it read from a local pack, so that a read finds it without
 * a lookup. Remembers where the last read ended, to tell sequential reading from random access.
 */
public final class OpenFile {
  private final String path;
  private final TreeEntry entry;
  private final ChunkRef[] chunks;
  private final long[] starts; // starts[i]: offset in the file of chunks[i]'s first byte
  // views[i]: chunks[i] as a checked view of a mapped pack, CACHED when it comes from the chunk cache, null: not yet
  private final AtomicReferenceArray<ByteBuffer> views;
  private static final ByteBuffer CACHED = ByteBuffer.allocate(0);
  private volatile long lastEnd; // racy by design: concurrent reads on one handle only blur the guess
  private long prefetchedTo; // guarded by this: the end of the window of remote chunks asked for

  public OpenFile(String path, TreeEntry entry, List<ChunkRef> chunks) {
    this.path = path;
    this.entry = entry;
    this.chunks = chunks.toArray(ChunkRef[]::new);
    this.starts = new long[this.chunks.length];
    this.views = new AtomicReferenceArray<>(this.chunks.length);
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
      ByteBuffer b = bytes(i, source);
      int from = (int) (offset + done - starts[i]);
      int len = Math.min(b.remaining() - from, n - done);
      dst.put(b.slice(from, len));
      done += len;
    }
    return n;
  }

  /** Loads chunk {@code i} ahead of a read: maps and checks it, or brings it into the chunk cache. */
  void prefetch(int i, Chunks source) {
    bytes(i, source);
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

  /** Whether chunk {@code i} was read through the chunk cache: compressed, or from a remote. */
  boolean cached(int i) {
    return views.get(i) == CACHED;
  }

  /** Whether chunk {@code i} is a view this handle already checked: nothing left to prefetch. */
  boolean viewed(int i) {
    ByteBuffer v = views.get(i);
    return v != null && v != CACHED;
  }

  /** Chunk {@code i}'s bytes in a buffer of their own, from position 0 to the chunk's length. */
  private ByteBuffer bytes(int i, Chunks source) {
    ByteBuffer v = views.get(i);
    if (v == null) {
      ByteBuffer mapped = source.view(chunks[i].id());
      v = mapped != null ? mapped : CACHED;
      views.set(i, v);
    }
    ByteBuffer b = v != CACHED ? v.duplicate() : ByteBuffer.wrap(source.load(chunks[i].id()));
    if (b.remaining() != chunks[i].length()) {
      throw new CorruptObjectException(chunks[i].id(), "chunk " + chunks[i].id().shortHex(12) + " of "
          + path + " has " + b.remaining() + " bytes, not " + chunks[i].length());
    }
    return b;
  }

  /** Records a read of {@code [offset, end)}; true when it began where the previous one ended. */
  boolean advance(long offset, long end) {
    boolean sequential = offset == lastEnd;
    lastEnd = end;
    return sequential;
  }
}
