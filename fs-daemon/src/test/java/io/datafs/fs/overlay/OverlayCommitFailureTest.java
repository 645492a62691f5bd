package io.datafs.fs.overlay;

import static io.datafs.fs.overlay.OverlayFileSystemTest.bytes;
import static io.datafs.fs.overlay.OverlayFileSystemTest.read;
import static io.datafs.fs.overlay.OverlayFileSystemTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.StoreIoException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.fs.ChunkCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A commit of a writable mount that fails while the overlay is held still for the publishing batch (at each step
 * of {@code PublishHook.prepare}, and at the batch itself): nothing is published, the overlay is let go (another
 * thread's operation proceeds), everything staged is still staged, and the next commit publishes it.
 */
class OverlayCommitFailureTest {
  private static final int RW = 2;
  private static final int CREAT = 0100;

  @TempDir Path tmp;
  private final AtomicReference<String> failAt = new AtomicReference<>();
  private final List<String> steps = new ArrayList<>();
  private Repository repo;
  private OverlayFileSystem fs;

  @BeforeEach
  void setUp() throws IOException {
    Path src = tmp.resolve("src");
    Files.createDirectories(src);
    Files.writeString(src.resolve("top.txt"), "top\n");
    Files.writeString(src.resolve("kept.txt"), "kept\n");
    repo = Repository.open(tmp.resolve("home"), d -> new FailingKv(new MemoryKvStore()));
    repo.importFolder(src, new DatasetName("cats"), new ImportOptions("v1", "me", Map.of()), ImportProgress.NONE);
    CommitSteps failing = step -> {
      steps.add(step);
      if (step.equals(failAt.get())) throw new IllegalStateException("injected failure at " + step);
    };
    fs = new Overlays(repo, new ChunkCache(16 << 20), failing).open(tmp.resolve("mnt"), repo.resolve("cats"));
  }

  @AfterEach
  void tearDown() {
    fs.close();
    repo.close();
  }

  /**
   * {@code packed}, {@code rebased}, {@code batched}: the named points of prepare; {@code clear}: reading the
   * overlay's rows to replace them; {@code publish}: the batch that publishes the version.
   */
  @ParameterizedTest
  @ValueSource(strings = {"packed", "rebased", "clear", "batched", "publish"})
  void aCommitFailingWhileTheOverlayIsHeldLetsItGoAndPublishesNothing(String point) throws Exception {
    long h = fs.create("/new.txt", 0644, CREAT | RW);
    fs.write(h, 0, bytes("first"), 5);
    fs.unlink("/top.txt");
    List<String> staged = status(fs);

    failAt.set(point);
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> fs.commit(new ImportOptions("c", "me", Map.of()), false));
    assertTrue(String.valueOf(e.getMessage()).contains("injected failure at " + point), e.toString());
    assertTrue(steps.contains("packed"), "the failure came once the overlay was to be held: " + steps);
    failAt.set(null);

    assertOverlayNotHeld();
    assertEquals(1, repo.resolve("cats").record().number(), "nothing was published");
    assertEquals(staged, status(fs));
    assertEquals("first", read(fs, "/new.txt"));
    fs.write(h, 5, bytes(" second"), 7);
    fs.release(h);

    ImportResult r = fs.commit(new ImportOptions("again", "me", Map.of()), false);
    assertEquals(2, r.version().record().number());
    assertEquals(r.version(), fs.base());
    assertEquals("first second", cat(r, "new.txt"));
    assertEquals("kept\n", cat(r, "kept.txt"));
    assertThrows(RuntimeException.class, () -> repo.stat(r.version(), "top.txt"));
    assertEquals(List.of(), status(fs));
  }

  /**
   * Another thread's operation on the mount (as a FUSE callback would) must get the overlay: it either finishes, or
   * parks on the overlay's lock, which is the hang the fix removes. No clock: the thread's state tells which.
   */
  private void assertOverlayNotHeld() throws InterruptedException {
    Thread other = new Thread(() -> fs.status(), "fuse-like");
    other.setDaemon(true); // left parked only when the test fails
    other.start();
    Thread.State s;
    while ((s = other.getState()) != Thread.State.TERMINATED && s != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    assertNotEquals(Thread.State.WAITING, s, "an operation on the mount waits on the overlay the failed commit held");
    other.join();
  }

  private String cat(ImportResult r, String path) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(r.version(), path, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The store's index, failing where {@link #failAt} says: a scan of the overlays' rows, or a synced batch. */
  private final class FailingKv implements KvStore {
    private final KvStore inner;

    FailingKv(KvStore inner) {
      this.inner = inner;
    }

    @Override
    public byte[] get(Table table, byte[] key) {
      return inner.get(table, key);
    }

    @Override
    public void scan(Table table, byte[] prefix, Visitor visitor) {
      if (table == Table.OVERLAYS && "clear".equals(failAt.get())) throw injected("clear");
      inner.scan(table, prefix, visitor);
    }

    @Override
    public void write(KvBatch batch) {
      if (batch.isSync() && "publish".equals(failAt.get())) throw injected("publish");
      inner.write(batch);
    }

    @Override
    public void close() {
      inner.close();
    }

    private StoreIoException injected(String point) {
      return new StoreIoException("writing the index", new IOException("injected failure at " + point));
    }
  }
}
