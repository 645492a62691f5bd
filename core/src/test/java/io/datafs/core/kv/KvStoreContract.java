package io.datafs.core.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link KvStore} contract, run against every implementation: extend it and say how to open a store.
 * Each test gets a fresh store in an empty directory; {@link #reopen} closes it and opens the same directory.
 */
public abstract class KvStoreContract {
  /** Long enough for a loaded 2-core machine; a deadline for waits, never an expected duration. */
  protected static final Duration WAIT = Duration.ofSeconds(60);
  private static final HexFormat HEX = HexFormat.of();

  @TempDir protected Path dir;
  private KvStore store;

  /** Opens (creating if needed) the store kept in {@code dir}. */
  protected abstract KvStore open(Path dir);



  @BeforeEach
  final void openStore() {
    store = open(dir);
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  /** The store under test. */
  protected final KvStore store() {
    return store;
  }

  /** Closes the store and opens its directory again. */
  protected final void reopen() {
    store.close();
    store = open(dir);
  }

  @Test
  void getOfAnAbsentKeyIsNull() {
    assertNull(store.get(Table.OBJECTS, s("nothing")));
  }

  @Test
  void getReturnsWhatWasPut() {
    put(Table.OBJECTS, s("k"), s("v"));
    assertEquals("v", str(store.get(Table.OBJECTS, s("k"))));
  }

  @Test
  void anEmptyValueIsPresentNotAbsent() {
    put(Table.META, s("empty"), new byte[0]);
    byte[] value = store.get(Table.META, s("empty"));
    assertNotNull(value);
    assertEquals(0, value.length);
    assertEquals(List.of("656d707479="), entries(Table.META, new byte[0]));
  }

  @Test
  void aLargeValueRoundTrips() {
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + (i >>> 9));
    put(Table.METADATA, s("big"), big);
    assertArrayEquals(big, store.get(Table.METADATA, s("big")));
  }

  @Test
  void aLaterPutOverwrites() {
    put(Table.REFS, s("head"), s("1"));
    put(Table.REFS, s("head"), s("2"));
    assertEquals("2", str(store.get(Table.REFS, s("head"))));
    store.write(new KvBatch().put(Table.REFS, s("head"), s("3")).put(Table.REFS, s("head"), s("4")));
    assertEquals("4", str(store.get(Table.REFS, s("head"))), "the last op of a batch on a key wins");
  }

  @Test
  void deleteRemovesAndDeletingAnAbsentKeyIsFine() {
    put(Table.PACKS, s("p"), s("v"));
    store.write(new KvBatch().delete(Table.PACKS, s("p")).delete(Table.PACKS, s("never-there")));
    assertNull(store.get(Table.PACKS, s("p")));
    assertEquals(List.of(), entries(Table.PACKS, new byte[0]));
  }

  @Test
  void tablesAreIndependent() {
    KvBatch batch = new KvBatch();
    for (Table t : Table.values()) batch.put(t, s("same"), s(t.name()));
    store.write(batch);
    for (Table t : Table.values()) assertEquals(t.name(), str(store.get(t, s("same"))));

    store.write(new KvBatch().delete(Table.OBJECTS, s("same")));
    for (Table t : Table.values()) {
      if (t == Table.OBJECTS) assertNull(store.get(t, s("same")));
      else assertEquals(List.of(hex(s("same")) + "=" + t.name()), entries(t, new byte[0]));
    }
  }

  @Test
  void scanVisitsThePrefixInUnsignedByteOrder() {
    KvBatch batch = new KvBatch();
    for (int[] key : new int[][] {{0x61, 0xff}, {0x61, 0x80}, {0x61}, {0x61, 0x7f}, {0x61, 0x00}, {0x61, 0x7f, 0x01},
        {0x60, 0xff}, {0x62}, {0x62, 0x00}, {0x00}, {0xff}}) {
      batch.put(Table.VERSIONS, b(key), s("x"));
    }
    store.write(batch);

    assertEquals(List.of("61", "6100", "617f", "617f01", "6180", "61ff"), keys(Table.VERSIONS, b(0x61)));
    assertEquals(List.of("00", "60ff", "61", "6100", "617f", "617f01", "6180", "61ff", "62", "6200", "ff"),
        keys(Table.VERSIONS, new byte[0]), "an empty prefix scans the whole table");
    assertEquals(List.of(), keys(Table.VERSIONS, b(0x63)));
    assertEquals(List.of(), keys(Table.OBJECTS, b(0x61)), "other tables hold none of it");
  }

  @Test
  void scanOfAPrefixEndingInFfStopsAtItsEnd() {
    KvBatch batch = new KvBatch();
    for (int[] key : new int[][] {{0x61, 0xfe, 0xff}, {0x61, 0xff}, {0x61, 0xff, 0x00}, {0x61, 0xff, 0xff}, {0x62},
        {0xff}, {0xff, 0xff, 0xff}}) {
      batch.put(Table.OBJECTS, b(key), s("x"));
    }
    store.write(batch);

    assertEquals(List.of("61ff", "61ff00", "61ffff"), keys(Table.OBJECTS, b(0x61, 0xff)));
    assertEquals(List.of("ff", "ffffff"), keys(Table.OBJECTS, b(0xff)));
  }

  @Test
  void scanStopsWhenTheVisitorReturnsFalse() {
    KvBatch batch = new KvBatch();
    for (int i = 0; i < 10; i++) batch.put(Table.OBJECTS, b(0x10, i), s("v" + i));
    store.write(batch);

    List<String> seen = new ArrayList<>();
    store.scan(Table.OBJECTS, b(0x10), (k, v) -> {
      seen.add(hex(k));
      return seen.size() < 3;
    });
    assertEquals(List.of("1000", "1001", "1002"), seen);
  }

  @Test
  void scanSeesASnapshotTakenWhenItStarts() throws Exception {
    KvBatch batch = new KvBatch();
    for (int i = 1; i <= 5; i++) batch.put(Table.METADATA, s("p" + i), s("old"));
    store.write(batch);

    List<String> seen = new ArrayList<>();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      store.scan(Table.METADATA, s("p"), (k, v) -> {
        if (seen.isEmpty()) {
          // another thread changes keys the scan has not reached yet, and waits for the writes to finish
          await(other.submit(() -> store.write(new KvBatch()
              .delete(Table.METADATA, s("p3")).put(Table.METADATA, s("p5"), s("new"))
              .put(Table.METADATA, s("p6"), s("new")).put(Table.METADATA, s("p0"), s("new")))));
        }
        seen.add(str(k) + "=" + str(v));
        return true;
      });
    } finally {
      other.shutdownNow();
    }
    assertEquals(List.of("p1=old", "p2=old", "p3=old", "p4=old", "p5=old"), seen);

    List<String> after = new ArrayList<>();
    store.scan(Table.METADATA, s("p"), (k, v) -> after.add(str(k) + "=" + str(v)));
    assertEquals(List.of("p0=new", "p1=old", "p2=old", "p4=old", "p5=new", "p6=new"), after);
  }

  @Test
  void aBatchBecomesVisibleAllAtOnce() throws Exception {
    int batches = 1000;
    store.write(step(0));
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> writes = writer.submit(() -> {
        for (int i = 1; i <= batches; i++) store.write(step(i));
      });
      long deadline = System.nanoTime() + WAIT.toNanos();
      boolean last = false;
      while (!last) {
        last = writes.isDone(); // one more check after the writer finished
        // a batch puts META first and REFS last; reading in that order, an all-or-nothing store can only show
        // the later reads as new as META or newer
        int meta = number(store.get(Table.META, s("step")));
        int refs = number(store.get(Table.REFS, s("step")));
        assertTrue(refs >= meta, "META at " + meta + " but REFS at " + refs);
        List<Integer> objects = new ArrayList<>();
        store.scan(Table.OBJECTS, s("step"), (k, v) -> objects.add(number(v)));
        assertEquals(2, objects.size(), "the batch's delete and put of step-old/step-new are seen together");
        assertEquals(objects.get(0), objects.get(1), "one scan sees one batch");
        assertTrue(objects.get(0) >= meta, "META at " + meta + " but OBJECTS at " + objects.get(0));
        if (System.nanoTime() > deadline) fail("the writer did not finish within " + WAIT);
      }
      writes.get();
      assertEquals(batches, number(store.get(Table.META, s("step"))));
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void returnedArraysAreTheCallersCopies() {
    byte[] key = s("key");
    byte[] value = s("value");
    KvBatch batch = new KvBatch().put(Table.OBJECTS, key, value);
    key[0] = 'X';
    value[0] = 'X';
    store.write(batch);
    batch.ops().get(0).key()[0] = 'Y';
    batch.ops().get(0).value()[0] = 'Y';

    byte[] got = store.get(Table.OBJECTS, s("key"));
    assertEquals("value", str(got));
    got[0] = 'Z';
    store.scan(Table.OBJECTS, new byte[0], (k, v) -> {
      k[0] = 'Z';
      v[0] = 'Z';
      return true;
    });
    assertEquals("value", str(store.get(Table.OBJECTS, s("key"))));
    assertEquals(List.of("key"), keys(Table.OBJECTS, new byte[0]).stream().map(h -> str(HEX.parseHex(h))).toList());
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    int threads = 4;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            byte[] key = b(thread, i >> 8, i);
            store.write(new KvBatch().put(Table.OBJECTS, key, key).put(Table.PACKS, key, s("p")));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : writers) await(w);
    } finally {
      pool.shutdownNow();
    }

    List<String> objects = new ArrayList<>();
    store.scan(Table.OBJECTS, new byte[0], (k, v) -> {
      assertArrayEquals(k, v);
      return objects.add(hex(k));
    });
    assertEquals(threads * perThread, objects.size());
    assertEquals(objects, keys(Table.PACKS, new byte[0]));
  }

  @Test
  void closeTwiceIsFineAndAClosedStoreRefusesWork() {
    store.close();
    store.close();
    assertThrows(IllegalStateException.class, () -> store.get(Table.META, s("k")));
    assertThrows(IllegalStateException.class, () -> store.write(new KvBatch().put(Table.META, s("k"), s("v"))));
    assertThrows(IllegalStateException.class, () -> store.scan(Table.META, new byte[0], (k, v) -> true));
  }



  // ---- helpers

  private void put(Table table, byte[] key, byte[] value) {
    store.write(new KvBatch().put(table, key, value));
  }

  /** A batch that moves every "step" row to i; rows in OBJECTS are replaced, not overwritten. */
  private static KvBatch step(int i) {
    KvBatch batch = new KvBatch()
        .put(Table.META, s("step"), number(i))
        .delete(Table.OBJECTS, s("step-" + (i - 1) + "-a"))
        .put(Table.OBJECTS, s("step-" + i + "-a"), number(i));
    // filler widens the window in which a store that applies ops one by one would show half a batch
    for (int j = 0; j < 16; j++) batch.put(Table.PACKS, s("step-filler-" + j), number(i));
    return batch
        .delete(Table.OBJECTS, s("step-" + (i - 1) + "-b"))
        .put(Table.OBJECTS, s("step-" + i + "-b"), number(i))
        .put(Table.REFS, s("step"), number(i));
  }

  /** Keys under a prefix as hex, in the order the scan visits them. */
  protected final List<String> keys(Table table, byte[] prefix) {
    List<String> keys = new ArrayList<>();
    store.scan(table, prefix, (k, v) -> keys.add(hex(k)));
    return keys;
  }

  private List<String> entries(Table table, byte[] prefix) {
    List<String> entries = new ArrayList<>();
    store.scan(table, prefix, (k, v) -> entries.add(hex(k) + "=" + str(v)));
    return entries;
  }

  private static void await(Future<?> f) {
    try {
      f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("a helper thread failed or did not finish within " + WAIT, e);
    }
  }

  protected static byte[] s(String text) {
    return text.getBytes(UTF_8);
  }

  protected static String str(byte[] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  protected static byte[] b(int... bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) out[i] = (byte) bytes[i];
    return out;
  }

  protected static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static byte[] number(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }

  private static int number(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getInt();
  }
}
