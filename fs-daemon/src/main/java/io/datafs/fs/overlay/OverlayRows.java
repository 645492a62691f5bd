package io.datafs.fs.overlay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An overlay's rows in the store's index ({@link Table#OVERLAYS}): its record under {@code "m" id}, each staged
 * node under {@code "n" id NUL path}, and what an inode keeps across a daemon restart ({@link OverlayInodes.Kept})
 * under {@code "i" id NUL path}. Written with the write-ahead log on, so staged changes outlive a killed daemon;
 * a commit moves the overlay onto the new version in the same batch that publishes it.
 */
final class OverlayRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an overlay applies to. */
  record Meta(String dir, String dataset, long baseNumber, String baseId) {}

  private final KvStore kv;
  private final String id;

  OverlayRows(KvStore kv, String id) {
    this.kv = kv;
    this.id = id;
  }

  Meta meta() {
    byte[] b = kv.get(Table.OVERLAYS, metaKey());
    if (b == null) return null;
    try {
      return JSON.readValue(b, Meta.class);
    } catch (IOException e) {
      throw new StoreIoException("unreadable record of overlay " + id, e);
    }
  }

  void putMeta(KvBatch batch, Meta meta) {
    try {
      batch.put(Table.OVERLAYS, metaKey(), JSON.writeValueAsBytes(meta));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Delta load() {
    Delta d = new Delta();
    byte[] prefix = nodeKey("");
    kv.scan(Table.OVERLAYS, prefix, (key, value) -> {
      d.put(new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8),
          NodeCodec.decode(value));
      return true;
    });
    d.drainChanges();
    return d;
  }

  /** Rows for what changed in {@code delta} since it was last drained. */
  void drain(Delta delta, KvBatch batch) {
    for (Map.Entry<String, Node> c : delta.drainChanges().entrySet()) {
      if (c.getValue() == null) batch.delete(Table.OVERLAYS, nodeKey(c.getKey()));
      else batch.put(Table.OVERLAYS, nodeKey(c.getKey()), NodeCodec.encode(c.getValue()));
    }
  }

  /** Rows for what the inodes keep that changed since the last drain ({@link OverlayInodes#drainUnsaved}). */
  void drainKept(OverlayInodes inodes, KvBatch batch) {
    inodes.drainUnsaved().forEach((path, kept) -> {
      if (kept == null) {
        batch.delete(Table.OVERLAYS, keptKey(path));
        return;
      }
      try {
        batch.put(Table.OVERLAYS, keptKey(path), JSON.writeValueAsBytes(kept));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** What the inodes kept, by path. */
  Map<String, OverlayInodes.Kept> loadKept() {
    Map<String, OverlayInodes.Kept> kept = new HashMap<>();
    byte[] prefix = keptKey("");
    kv.scan(Table.OVERLAYS, prefix, (key, value) -> {
      try {
        kept.put(new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8),
            JSON.readValue(value, OverlayInodes.Kept.class));
      } catch (IOException e) {
        throw new StoreIoException("unreadable inode row of overlay " + id, e);
      }
      return true;
    });
    return kept;
  }

  /** Removes every row of what the inodes kept. */
  void clearKept(KvBatch batch) {
    List<byte[]> keys = new ArrayList<>();
    kv.scan(Table.OVERLAYS, keptKey(""), (key, value) -> keys.add(key));
    for (byte[] k : keys) batch.delete(Table.OVERLAYS, k);
  }

  /** Removes every node row (and the record, when {@code all}). */
  void clear(KvBatch batch, boolean all) {
    List<byte[]> keys = new ArrayList<>();
    kv.scan(Table.OVERLAYS, nodeKey(""), (key, value) -> keys.add(key));
    for (byte[] k : keys) batch.delete(Table.OVERLAYS, k);
    if (all) batch.delete(Table.OVERLAYS, metaKey());
  }

  void write(KvBatch batch) {
    if (!batch.isEmpty()) kv.write(batch);
  }

  private byte[] metaKey() {
    return ("m" + id).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] keptKey(String path) {
    return ("i" + id + "\0" + path).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] nodeKey(String path) {
    return ("n" + id + "\0" + path).getBytes(StandardCharsets.UTF_8);
  }
}
