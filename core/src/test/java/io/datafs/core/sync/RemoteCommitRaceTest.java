package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.ConflictException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.Change;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.PublishHook;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores committing to one dataset on one remote at the same time, many times: each version number goes to
 * exactly one of them, the other catches up and replays its change onto the new head, and nothing is lost; changes
 * to the same path make the loser stop with a conflict that names it, publishing nothing.
 */
class RemoteCommitRaceTest {
  static final DatasetName DS = new DatasetName("cats");
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final int ROUNDS = 12;
  @TempDir Path tmp;
  Repository a;
  Repository b;
  RemoteTarget target;

  @BeforeEach
  void bothHaveV1() throws Exception {
    a = Repository.open(tmp.resolve("a"), d -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), d -> new MemoryKvStore());
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    Remote remote = new LocalFolderRemote(url);
    target = new RemoteTarget(remote, new RemoteRef(url, null));
    a.importFolder(SyncTrees.sample(tmp.resolve("src")), DS, OPTS, ImportProgress.NONE);
    a.sync().push(remote, target.ref(), null, TransferProgress.NONE);
    b.sync().pull(remote, target.ref(), "cats", true, TransferProgress.NONE);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void everyNumberGoesToOneStoreAndTheOtherReplays() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        CyclicBarrier start = new CyclicBarrier(2);
        String name = "r" + round + ".txt";
        Future<ImportResult> x = pool.submit(() -> commit(a, "a/" + name, "from a " + start.await()));
        Future<ImportResult> y = pool.submit(() -> commit(b, "data/" + name, "from b " + start.await()));
        long nx = x.get().version().record().number();
        long ny = y.get().version().record().number();
        assertEquals(List.of(2L + 2 * round, 3L + 2 * round), List.of(Math.min(nx, ny), Math.max(nx, ny)));
      }
    } finally {
      pool.shutdownNow();
    }
    long head = 1 + 2 * ROUNDS;
    assertEquals(head, new RemoteCatalog(target.remote()).head(DS));
    a.sync().pull(target.remote(), target.ref(), "cats", false, TransferProgress.NONE);
    b.sync().pull(target.remote(), target.ref(), "cats", false, TransferProgress.NONE);
    assertEquals(a.resolve("cats").id(), b.resolve("cats").id());
    assertEquals(head, b.resolve("cats").record().number());
    for (int round = 0; round < ROUNDS; round++) {
      assertTrue(cat(b, "a/r" + round + ".txt").startsWith("from a "));
      assertTrue(cat(a, "data/r" + round + ".txt").startsWith("from b "));
    }
  }

  @Test
  void theSamePathChangedByBothStopsTheLoserWithTheConflict() throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Object> outcomes = new ArrayList<>();
    try {
      Future<ImportResult> x = pool.submit(() -> commit(a, "a/hello.txt", "a's " + start.await()));
      Future<ImportResult> y = pool.submit(() -> commit(b, "a/hello.txt", "b's " + start.await()));
      for (Future<ImportResult> f : List.of(x, y)) {
        try {
          outcomes.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, outcomes.stream().filter(o -> o instanceof ImportResult).count(), outcomes.toString());
    ConflictException lost = (ConflictException) outcomes.stream().filter(o -> o instanceof ConflictException)
        .findFirst().orElseThrow(() -> new AssertionError(outcomes.toString()));
    assertTrue(lost.getMessage().contains("a/hello.txt"), lost.getMessage());
    assertEquals(2, new RemoteCatalog(target.remote()).head(DS), "only the winner's version is on the remote");
  }

  private ImportResult commit(Repository repo, String path, String content) throws Exception {
    Path staged = Files.createTempFile(tmp, "staged", ".txt");
    Files.writeString(staged, content);
    SortedMap<String, Change> changes = new TreeMap<>();
    changes.put(path, new Change.PutFile(staged, 0644, 1_000_000_000L));
    long base = repo.resolve("cats").record().number();
    return repo.commit(DS, base, changes, OPTS, PublishHook.NONE, target);
  }

  private static String cat(Repository repo, String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(repo.resolve("cats"), path, out);
    return out.toString();
  }
}
