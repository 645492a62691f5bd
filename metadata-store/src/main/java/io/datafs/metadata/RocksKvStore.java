package io.datafs.metadata;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.error.StoreLockedException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The local index on RocksDB: one column family per {@link Table} (plus RocksDB's "default"), WAL on. This class
 * is the one owner of every native object behind it; the settings are in {@link RocksTuning}.
 *
 * <p>Close order. {@link #close} closes, one after the other and each even when an earlier one failed (the first
 * failure is thrown, the others suppressed):
 * <ol>
 *   <li>the column family handles, which belong to the database;
 *   <li>the database, after syncing its WAL so that a clean close keeps unsynced batches too;
 *   <li>the unsynced and synced write options and the read options, which the database no longer uses;
 *   <li>the DB options, then the column family options it was opened with;
 *   <li>the bloom filter and the block cache, which the column family options' table factories point to.
 * </ol>
 * That is the reverse of the order {@link #open} makes them in, which {@link CloseStack} keeps; an open that fails
 * half-way closes what it made the same way.
 *
 * <p>Every operation holds the read side of a read-write lock and {@link #close} the write side, so close waits
 * for running operations and no thread can touch a freed native object. A scan's visitor may read and write the
 * store but not close it.
 */
public final class RocksKvStore implements KvStore {
  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 250;

  private final Path dir;
  private final CloseStack owned;
  private final RocksDB db;
  private final Map<Table, ColumnFamilyHandle> tables;
  private final ReadOptions read;
  private final WriteOptions syncWrite;
  private final WriteOptions asyncWrite;
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
  private boolean closed; // guarded by guard

  private RocksKvStore(Path dir, CloseStack owned, RocksDB db, Map<Table, ColumnFamilyHandle> tables,
      ReadOptions read, WriteOptions syncWrite, WriteOptions asyncWrite) {
    this.dir = dir;
    this.owned = owned;
    this.db = db;
    this.tables = tables;
    this.read = read;
    this.syncWrite = syncWrite;
    this.asyncWrite = asyncWrite;
  }

  /**
   * Opens the index in {@code dbDir}, creating it and any missing column family. While another process (or another
   * open store of this one) holds it, retries with a growing pause until {@code lockWait} has passed.
   *
   * @throws StoreLockedException when the store is still held after {@code lockWait}
   * @throws StoreIoException when the directory or database cannot be read or written
   * @throws DatafsException when RocksDB refuses the database for another reason, such as corruption
   */
  public static RocksKvStore open(Path dbDir, Duration lockWait) {
    RocksDB.loadLibrary(); // idempotent and thread-safe; loads the bundled native library once per JVM
    Path dir = dbDir.toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreIoException("creating the index directory " + dir, e);
    }
    CloseStack owned = new CloseStack();
    try {
      List<ColumnFamilyDescriptor> families = RocksTuning.columnFamilies(owned);
      DBOptions dbOptions = RocksTuning.dbOptions(owned);
      ReadOptions read = owned.push(new ReadOptions());
      WriteOptions syncWrite = owned.push(new WriteOptions().setSync(true));
      WriteOptions asyncWrite = owned.push(new WriteOptions());
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      owned.push(takeWaiting(dir, lockWait)); // closed last, after the database
      RocksDB db = openOnce(dir, dbOptions, families, handles);
      owned.push(() -> {
        try {
          db.syncWal();
        } finally {
          db.closeE();
        }
      });
      handles.forEach(owned::push);
      // handles come in the order of the descriptors: "default", then Table.values()
      Map<Table, ColumnFamilyHandle> tables = new EnumMap<>(Table.class);
      for (Table table : Table.values()) tables.put(table, handles.get(table.ordinal() + 1));
      return new RocksKvStore(dir, owned, db, tables, read, syncWrite, asyncWrite);
    } catch (RuntimeException | Error e) {
      owned.closeAfter(e);
      throw e;
    }
  }

  private static StoreLock takeWaiting(Path dir, Duration lockWait) {
    long deadline = System.nanoTime() + lockWait.toNanos();
    long backoff = FIRST_BACKOFF_MILLIS;
    while (true) {
      StoreLock lock = StoreLock.tryTake(dir);
      if (lock != null) return lock;
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) throw new StoreLockedException("the store " + dir + " is in use by another datafs process");
      try {
        // nothing signals the lock's release, so retry with backoff
        Thread.sleep(Math.min(backoff, left));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new DatafsException("interrupted while waiting for the store " + dir, interrupted);
      }
      backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
    }
  }

  private static RocksDB openOnce(Path dir, DBOptions options, List<ColumnFamilyDescriptor> families,
      List<ColumnFamilyHandle> handles) {
    try {
      return RocksDB.open(options, dir.toString(), families, handles);
    } catch (RocksDBException e) {
      // RocksDB's own LOCK held although ours was free: a process that does not take ours
      if (RocksErrors.isLockConflict(e)) {
        throw new StoreLockedException("the store " + dir + " is in use by another datafs process");
      }
      throw RocksErrors.failure("opening the index at " + dir, e);
    }
  }

  @Override
  public byte[] get(Table table, byte[] key) {
    Lock lock = enter();
    try {
      return db.get(tables.get(table), read, key);
    } catch (RocksDBException e) {
      throw RocksErrors.failure("reading from the index at " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void scan(Table table, byte[] prefix, Visitor visitor) {
    Lock lock = enter();
    // an iterator reads from an implicit snapshot taken when it is made: writes during the scan are not seen
    try (RocksIterator it = db.newIterator(tables.get(table), read)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (!startsWith(key, prefix) || !visitor.visit(key, it.value())) return;
      }
      it.status(); // isValid() is false at the end and also when the iteration failed
    } catch (RocksDBException e) {
      throw RocksErrors.failure("reading from the index at " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void write(KvBatch batch) {
    Lock lock = enter();
    try {
      if (batch.isEmpty()) {
        if (batch.isSync()) db.syncWal(); // still makes the unsynced batches before it durable
        return;
      }
      try (WriteBatch rows = new WriteBatch()) {
        for (KvBatch.Op op : batch.ops()) {
          if (op.value() == null) rows.delete(tables.get(op.table()), op.key());
          else rows.put(tables.get(op.table()), op.key(), op.value());
        }
        db.write(batch.isSync() ? syncWrite : asyncWrite, rows);
      }
    } catch (RocksDBException e) {
      throw RocksErrors.failure("writing to the index at " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /** Waits for running operations, then closes every native object in the order the class comment gives. */
  @Override
  public void close() {
    if (guard.getReadHoldCount() > 0) {
      // the write lock below would wait for this very thread forever
      throw new IllegalStateException("the index at " + dir + " cannot be closed from inside one of its scans");
    }
    guard.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
      owned.close();
    } catch (RocksDBException e) {
      throw RocksErrors.failure("closing the index at " + dir, e);
    } catch (Exception e) {
      throw new DatafsException("closing the index at " + dir + ": " + e, e);
    } finally {
      guard.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "RocksKvStore[" + dir + "]";
  }

  private Lock enter() {
    Lock lock = guard.readLock();
    lock.lock();
    if (closed) {
      lock.unlock();
      throw new IllegalStateException("the index at " + dir + " is closed");
    }
    return lock;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
