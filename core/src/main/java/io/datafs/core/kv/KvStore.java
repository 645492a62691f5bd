package io.datafs.core.kv;

/**
 * The local index: an ordered key-value store with a few tables.
 *
 * <p>Contract (checked by {@code KvStoreContract} for every implementation):
 * <ul>
 *   <li>{@link #get} returns the last value written for a key, or null; returned arrays are the caller's.
 *   <li>{@link #scan} visits the keys that start with {@code prefix} in ascending unsigned-byte order, and stops
 *       when the visitor returns false. It sees a consistent snapshot taken when it starts.
 *   <li>{@link #write} applies a batch atomically: after a crash either every op of it is visible or none is.
 *       A batch marked {@link KvBatch#sync()} is durable when write returns; an unsynced batch becomes durable
 *       no later than the next synced one.
 *   <li>Safe for concurrent use by many threads of one process. One process at a time opens a store.
 * </ul>
 */
public interface KvStore extends AutoCloseable {
  byte[] get(Table table, byte[] key);

  void scan(Table table, byte[] prefix, Visitor visitor);

  void write(KvBatch batch);

  @Override
  void close();

  @FunctionalInterface
  interface Visitor {
    /** @return false to stop the scan */
    boolean visit(byte[] key, byte[] value);
  }
}
