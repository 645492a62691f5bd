package io.datafs.core.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KvStore} in memory, for tests of the classes built on the store. Nothing survives {@link #close}.
 *
 * <p>Readers take the read lock and {@link #write} the write lock, so a batch becomes visible all at once, as in
 * RocksDB. A scan copies its range under the read lock and visits the copy, so it sees a snapshot and its visitor
 * may write to the store.
 */
public final class MemoryKvStore implements KvStore {
  private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

  private final Map<Table, NavigableMap<byte[], byte[]>> tables = new EnumMap<>(Table.class);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lock

  public MemoryKvStore() {
    for (Table table : Table.values()) tables.put(table, new ConcurrentSkipListMap<>(UNSIGNED));
  }

  @Override
  public byte[] get(Table table, byte[] key) {
    Lock read = enter(lock.readLock());
    try {
      byte[] value = tables.get(table).get(key);
      return value == null ? null : value.clone();
    } finally {
      read.unlock();
    }
  }

  @Override
  public void scan(Table table, byte[] prefix, Visitor visitor) {
    List<Map.Entry<byte[], byte[]>> snapshot = new ArrayList<>();
    Lock read = enter(lock.readLock());
    try {
      for (Map.Entry<byte[], byte[]> e : tables.get(table).tailMap(prefix, true).entrySet()) {
        if (!startsWith(e.getKey(), prefix)) break;
        snapshot.add(e);
      }
    } finally {
      read.unlock();
    }
    for (Map.Entry<byte[], byte[]> e : snapshot) {
      if (!visitor.visit(e.getKey().clone(), e.getValue().clone())) return;
    }
  }

  @Override
  public void write(KvBatch batch) {
    Lock write = enter(lock.writeLock());
    try {
      for (KvBatch.Op op : batch.ops()) {
        NavigableMap<byte[], byte[]> rows = tables.get(op.table());
        // copies: the batch's arrays can still be reached through ops()
        if (op.value() == null) rows.remove(op.key());
        else rows.put(op.key().clone(), op.value().clone());
      }
    } finally {
      write.unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      tables.values().forEach(Map::clear);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private Lock enter(Lock l) {
    l.lock();
    if (closed) {
      l.unlock();
      throw new IllegalStateException("the memory store is closed");
    }
    return l;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
