package io.datafs.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.datafs.core.error.StoreLockedException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.Table;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The other datafs process of {@link RocksKvStoreTest}. It reports on stdout, one line per step; any failure
 * ends it with a stack trace and exit code 1.
 */
public final class StoreChild {
  private StoreChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "wait-then-open" -> waitThenOpen(dir);
      case "write-synced" -> writeSynced(dir);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  /** Finds the store held, says "waiting", waits for it, then reads and writes a row. */
  private static void waitThenOpen(Path dir) {
    try (RocksKvStore store = RocksKvStore.open(dir, Duration.ZERO)) {
      throw new IllegalStateException("the store was not held by the parent");
    } catch (StoreLockedException expected) {
      System.out.println("waiting");
    }
    try (RocksKvStore store = RocksKvStore.open(dir, Duration.ofSeconds(60))) {
      System.out.println("opened; head=" + new String(store.get(Table.REFS, bytes("head")), UTF_8));
      store.write(new KvBatch().put(Table.REFS, bytes("child"), bytes("was here")).sync());
    }
    System.out.println("closed");
  }

  /**
   * Writes batch after batch, each synced and spread over three tables, and says "wrote N" after batch N is
   * durable, until it is killed (or, should the parent be gone, for a minute).
   */
  private static void writeSynced(Path dir) {
    byte[] payload = new byte[512];
    try (RocksKvStore store = RocksKvStore.open(dir, Duration.ofSeconds(60))) {
      long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      for (int n = 0; System.nanoTime() < end; n++) {
        byte[] key = ByteBuffer.allocate(4).putInt(n).array();
        store.write(new KvBatch()
            .put(Table.OBJECTS, key, payload)
            .put(Table.VERSIONS, key, payload)
            .put(Table.REFS, bytes("last"), key)
            .sync());
        System.out.println("wrote " + n);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
