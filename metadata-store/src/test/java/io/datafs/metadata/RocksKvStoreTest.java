package io.datafs.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.error.StoreLockedException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.PersistentKvStoreContract;
import io.datafs.core.kv.Table;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksKvStoreTest extends PersistentKvStoreContract {
  @Override
  protected KvStore open(Path dir) {
    return RocksKvStore.open(dir, WAIT);
  }

  @Test
  void aSecondOpenInTheSameJvmFailsAfterTheWaitAndLeavesTheFirstAlone() {
    store().write(new KvBatch().put(Table.REFS, s("head"), s("v1")));

    StoreLockedException e =
        assertThrows(StoreLockedException.class, () -> RocksKvStore.open(dir, Duration.ofMillis(300)));
    assertEquals("the store " + dir.toAbsolutePath() + " is in use by another datafs process", e.getMessage());

    store().write(new KvBatch().put(Table.REFS, s("after"), s("still works")).sync());
    assertEquals("v1", str(store().get(Table.REFS, s("head"))));
    reopen(); // the lock was the first store's to give back
    assertEquals("still works", str(store().get(Table.REFS, s("after"))));
  }

  @Test
  void anotherProcessWaitsForTheStoreAndOpensItOnceFree() throws Exception {
    store().write(new KvBatch().put(Table.REFS, s("head"), s("v1")).sync());

    try (ChildJvm child = ChildJvm.start(StoreChild.class, "wait-then-open", dir.toString())) {
      List<String> logsBefore = infoLogs();
      // it found the store held by this process after one whole try, which must not have opened RocksDB: that
      // rotates the holder's info LOG
      child.awaitLine("waiting"::equals, WAIT);
      assertEquals(logsBefore, infoLogs());
      store().close();
      assertEquals(0, child.awaitExit(WAIT), child::output);
      assertTrue(child.lines().containsAll(List.of("opened; head=v1", "closed")), child::output);
    }

    reopen();
    assertEquals("v1", str(store().get(Table.REFS, s("head"))));
    assertEquals("was here", str(store().get(Table.REFS, s("child"))));
  }

  private List<String> infoLogs() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("LOG")).sorted().toList();
    }
  }

  @Test
  void everyBatchReportedSyncedSurvivesAKill() throws Exception {
    store().close(); // the child takes the store
    int reported;
    try (ChildJvm child = ChildJvm.start(StoreChild.class, "write-synced", dir.toString())) {
      child.awaitLine("wrote 30"::equals, WAIT);
      child.kill(WAIT);
      reported = child.lines().stream().filter(l -> l.startsWith("wrote "))
          .mapToInt(l -> Integer.parseInt(l.substring("wrote ".length()))).max().orElseThrow();
    }

    reopen();
    List<Integer> objects = numbers(Table.OBJECTS);
    int written = objects.size();
    assertTrue(written > reported, "batch " + reported + " was reported durable but only " + written + " are");
    assertEquals(IntStream.range(0, written).boxed().toList(), objects, "batches land in order, without holes");
    assertEquals(objects, numbers(Table.VERSIONS), "a batch's rows in other tables came with it");
    assertEquals(written - 1, ByteBuffer.wrap(store().get(Table.REFS, s("last"))).getInt());
  }

  @Test
  void aPathThatIsAFileIsAnIoErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    StoreIoException e = assertThrows(StoreIoException.class, () -> RocksKvStore.open(file, WAIT));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aDamagedDatabaseIsAOneLineErrorNotALockWait(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("CURRENT"), "garbage without a newline");
    DatafsException e = assertThrows(DatafsException.class, () -> RocksKvStore.open(tmp, WAIT));
    assertFalse(e instanceof StoreLockedException);
    assertTrue(e.getMessage().startsWith("opening the index at " + tmp.toAbsolutePath() + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void closingFromInsideAScanIsRefusedInsteadOfHanging() {
    store().write(new KvBatch().put(Table.META, s("k"), s("v")));
    store().scan(Table.META, new byte[0], (k, v) -> {
      assertThrows(IllegalStateException.class, () -> store().close());
      return true;
    });
    assertEquals("v", str(store().get(Table.META, s("k"))));
  }

  @Test
  void bloomFiltersGoToThePointLookupTables() {
    Set<Table> lookups = Set.of(Table.OBJECTS, Table.METADATA, Table.VERSION_IDS, Table.ANNOTATIONS, Table.LABELS);
    for (Table t : Table.values()) assertEquals(lookups.contains(t), RocksTuning.pointLookups(t), t.name());
  }

  @Test
  void theInfoLogStaysSmall() throws Exception {
    for (int i = 0; i < 4; i++) reopen();
    try (var files = Files.list(dir)) {
      Set<String> logs = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("LOG"))
          .collect(Collectors.toCollection(TreeSet::new));
      assertTrue(logs.size() <= 3, "LOG and at most two old ones, found " + logs);
    }
    assertNull(store().get(Table.META, s("absent")));
  }

  private List<Integer> numbers(Table table) {
    return keys(table, new byte[0]).stream().map(h -> Integer.parseUnsignedInt(h, 16)).toList();
  }
}
