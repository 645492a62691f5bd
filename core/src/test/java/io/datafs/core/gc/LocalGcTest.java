package io.datafs.core.gc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.StoreLockedException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GC's promises to readers of the store and to itself, in one process. */
class LocalGcTest {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  @TempDir Path tmp;
  Repository repo;
  /** Runs once, right after the store answered where the chunk {@code trigger} is: a GC overtaking a reader. */
  Runnable afterLookup;
  ObjectId trigger;
  byte[] shared;

  @BeforeEach
  void aDatasetSharingAFileWithOneRemoved() throws Exception {
    MemoryKvStore memory = new MemoryKvStore();
    repo = Repository.open(tmp.resolve("home"), dir -> new Overtaken(memory));
    shared = random(1, 50_000);
    Path src = Files.createDirectories(tmp.resolve("gone"));
    Files.write(src.resolve("shared"), shared);
    Files.write(src.resolve("other"), random(2, 50_000));
    repo.importFolder(src, new DatasetName("gone"), OPTS, ImportProgress.NONE);
    Path keep = Files.createDirectories(tmp.resolve("keep"));
    Files.write(keep.resolve("shared"), shared);
    repo.importFolder(keep, new DatasetName("keep"), OPTS, ImportProgress.NONE);
    repo.remove(repo.removal(new DatasetName("gone"), 1));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aReadWhosePackAGcRepackedAndDeletedAfterItsLookUpFindsTheObjectInItsNewPack() throws Exception {
    Version keep = repo.resolve("keep");
    assertArrayEquals(shared, cat(keep)); // its pack is open in the store's readers now
    trigger = ObjectId.hash(shared);
    afterLookup = () -> {
      GcReport r = repo.gc(() -> GcRoots.NONE, false, GcSteps.NONE);
      assertEquals(1, r.packsRepacked(), r.toString());
    };
    assertArrayEquals(shared, cat(keep));
    assertEquals(null, afterLookup, "the GC ran between the look-up and the read");
    assertEquals(true, repo.verify(null).ok());
  }

  @Test
  void aSecondGcIsRefusedWhileOneHoldsTheLock() throws Exception {
    try (FileChannel ch = FileChannel.open(tmp.resolve("home/gc.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = ch.lock()) {
      StoreLockedException e = assertThrows(StoreLockedException.class,
          () -> repo.gc(() -> GcRoots.NONE, false, GcSteps.NONE));
      assertEquals("another datafs gc is running on " + tmp.resolve("home"), e.getMessage());
    }
    assertEquals(1, repo.gc(() -> GcRoots.NONE, false, GcSteps.NONE).packsRepacked());
  }

  private byte[] cat(Version v) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, "shared", out);
    return out.toByteArray();
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The store, with {@link #afterLookup} run (once) between a look-up of {@link #trigger} and its answer. */
  private final class Overtaken implements KvStore {
    private final KvStore kv;

    Overtaken(KvStore kv) {
      this.kv = kv;
    }

    @Override
    public byte[] get(Table table, byte[] key) {
      byte[] answer = kv.get(table, key);
      Runnable run = afterLookup;
      if (run != null && table == Table.OBJECTS && trigger.equals(ObjectId.of(key))) {
        afterLookup = null;
        run.run();
      }
      return answer;
    }

    @Override
    public void scan(Table table, byte[] prefix, Visitor visitor) {
      kv.scan(table, prefix, visitor);
    }

    @Override
    public void write(KvBatch batch) {
      kv.write(batch);
    }

    @Override
    public void close() {
      kv.close();
    }
  }
}
