package io.datafs.core.store;

import io.datafs.core.chunk.ChunkerParams;
import io.datafs.core.error.DatafsException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import java.nio.charset.StandardCharsets;

/**
 * Store-wide settings, written once when the store is created: the format version and the chunker parameters
 * (fixed for the store's life, since new chunks must keep matching old ones).
 */
public record Settings(int format, ChunkerParams chunker) {
  public static final int FORMAT = 1;
  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHUNKER_KEY = "chunker".getBytes(StandardCharsets.UTF_8);

  /**
   * Whether the index holds the settings: false for an index just created, for a new store or in place of a lost one.
   */
  public static boolean written(KvStore kv) {
    return kv.get(Table.META, FORMAT_KEY) != null;
  }

  public static Settings loadOrInit(KvStore kv, ChunkerParams forNewStore) {
    byte[] f = kv.get(Table.META, FORMAT_KEY);
    if (f == null) {
      Settings s = new Settings(FORMAT, forNewStore);
      kv.write(new KvBatch()
          .put(Table.META, CHUNKER_KEY, encode(forNewStore).getBytes(StandardCharsets.UTF_8))
          .put(Table.META, FORMAT_KEY, String.valueOf(FORMAT).getBytes(StandardCharsets.UTF_8))
          .sync());
      return s;
    }
    int format = Integer.parseInt(new String(f, StandardCharsets.UTF_8));
    if (format > FORMAT) {
      throw new DatafsException("this store has format " + format + "; this datafs reads up to " + FORMAT
          + ": upgrade datafs");
    }
    return new Settings(format, decode(new String(kv.get(Table.META, CHUNKER_KEY), StandardCharsets.UTF_8)));
  }

  static String encode(ChunkerParams p) {
    return p.algorithm() + " " + p.min() + " " + p.avg() + " " + p.max();
  }

  static ChunkerParams decode(String s) {
    String[] f = s.split(" ");
    return new ChunkerParams(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
  }
}
