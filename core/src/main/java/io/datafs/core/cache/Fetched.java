package io.datafs.core.cache;

import io.datafs.core.id.ObjectId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chunks fetched and checked that the disk cache could not keep (larger than its bound, a full disk), waiting for
 * the read that wants them: taken once, so the reader's own cache holds them from then on; the oldest are dropped
 * beyond {@code maxBytes} (a read of one of those fetches it again). Thread-safe.
 */
final class Fetched {
  private final long maxBytes;
  private final LinkedHashMap<ObjectId, byte[]> chunks = new LinkedHashMap<>(); // guarded by itself
  private long bytes; // guarded by chunks

  Fetched(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  void put(ObjectId id, byte[] raw) {
    synchronized (chunks) {
      byte[] old = chunks.put(id, raw);
      bytes += raw.length - (old == null ? 0 : old.length);
      Iterator<Map.Entry<ObjectId, byte[]>> oldest = chunks.entrySet().iterator();
      while (bytes > maxBytes && oldest.hasNext()) {
        bytes -= oldest.next().getValue().length;
        oldest.remove();
      }
    }
  }

  /** The chunk, removed; null when it is not here. */
  byte[] take(ObjectId id) {
    synchronized (chunks) {
      byte[] b = chunks.remove(id);
      if (b != null) bytes -= b.length;
      return b;
    }
  }

  boolean contains(ObjectId id) {
    synchronized (chunks) {
      return chunks.containsKey(id);
    }
  }
}
