package io.datafs.fs;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.tree.TreeEntry;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One open file: its chunks with where each starts, computed once at open, so a read finds its first chunk by
 * binary search. Remembers where the last read ended, to tell sequential reading from random access.
 */
public final class OpenFile {
  private final String path;
  private final TreeEntry entry;
  private final ChunkRef[] chunks;
  private final long[] starts; // starts[i]: offset in the file of chunks[i]'s first byte
  private volatile long lastEnd; // racy by design: concurrent reads on one handle only blur the guess

  public OpenFile(String path, TreeEntry entry, List<ChunkRef> chunks) {
    this.path = path;
    this.entry = entry;
    this.chunks = chunks.toArray(ChunkRef[]::new);
    this.starts = new long[this.chunks.length];
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
   * Copies bytes {@code [offset, offset+size)}, cut at the end of the file, into {@code dst[0, n)} and returns n.
   * {@code load} gives a chunk's bytes; one of the wrong length is refused rather than served.
   */
  public int read(long offset, byte[] dst, int size, Function<ChunkRef, byte[]> load) {
    if (offset >= entry.size() || size == 0) return 0;
    int n = (int) Math.min(size, entry.size() - offset);
    int done = 0;
    for (int i = chunkAt(offset); done < n; i++) {
      byte[] b = load.apply(chunks[i]);
      if (b.length != chunks[i].length()) {
        throw new CorruptObjectException(chunks[i].id(), "chunk " + chunks[i].id().shortHex(12) + " of "
            + path + " has " + b.length + " bytes, not " + chunks[i].length());
      }
      int from = (int) (offset + done - starts[i]);
      int len = Math.min(b.length - from, n - done);
      System.arraycopy(b, from, dst, done, len);
      done += len;
    }
    return n;
  }

  /** Records a read of {@code [offset, end)}; true when it began where the previous one ended. */
  boolean advance(long offset, long end) {
    boolean sequential = offset == lastEnd;
    lastEnd = end;
    return sequential;
  }
}
