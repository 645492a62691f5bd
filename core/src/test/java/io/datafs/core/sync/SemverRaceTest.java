package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
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
import io.datafs.core.version.SemverChoice;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores committing to one dataset on one folder remote at the same time, asking for semantic versions: for the
 * same exact one, exactly one store gets it (its version and then its tag are created on the remote) and the other is
 * refused in one line with nothing of its own published anywhere; with --bump, both get one, each its own.
 */
class SemverRaceTest {
  static final DatasetName DS = new DatasetName("cats");
  static final int ROUNDS = 10;
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
    a.importFolder(SyncTrees.sample(tmp.resolve("src")), DS, options(SemverChoice.of("minor", null)),
        ImportProgress.NONE);
    a.sync().push(remote, target.ref(), null, TransferProgress.NONE);
    b.sync().pull(remote, target.ref(), "cats", true, TransferProgress.NONE);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  static ImportOptions options(SemverChoice choice) {
    return new ImportOptions("m", "me", Map.of()).withSemver(choice);
  }

  @Test
  void theSameSemanticVersionGoesToExactlyOneStoreAndTheOtherIsRefusedPublishingNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String semver = (round + 1) + ".0.0";
        int r = round;
        CyclicBarrier start = new CyclicBarrier(2);
        List<Object> outcomes = new ArrayList<>();
        List<Future<ImportResult>> both = List.of(
            pool.submit(() -> commit(a, "a/r" + r + ".txt", "a " + start.await(), semver)),
            pool.submit(() -> commit(b, "data/r" + r + ".txt", "b " + start.await(), semver)));
        for (Future<ImportResult> f : both) {
          try {
            outcomes.add(f.get());
          } catch (ExecutionException e) {
            outcomes.add(e.getCause());
          }
        }
        List<ImportResult> won = outcomes.stream().filter(o -> o instanceof ImportResult).map(o -> (ImportResult) o)
            .toList();
        assertEquals(1, won.size(), "round " + round + ": " + outcomes);
        Version winner = won.get(0).version();
        assertEquals(2L + round, winner.record().number());
        InvalidInputException lost = (InvalidInputException) outcomes.stream()
            .filter(o -> o instanceof InvalidInputException).findFirst()
            .orElseThrow(() -> new AssertionError(outcomes));
        assertEquals("semantic version " + semver + " of cats is not higher than its highest, " + semver + " (cats@v"
            + (2 + round) + "): give a higher one, or --bump", lost.getMessage(), "caught up, then refused");
        assertFalse(lost.getMessage().contains("\n"));

        RemoteCatalog theirs = new RemoteCatalog(target.remote());
        assertEquals(2L + round, theirs.head(DS), "one version a round on the remote");
        TagRecord tag = theirs.tag(DS, new TagName(semver));
        assertEquals(winner.id(), tag.id(), "the tag names the winner's version");
        Repository loser = winner.record().message().equals("a") ? b : a;
        assertEquals(winner.id(), loser.resolve("cats").id(), "the loser published nothing of its own, only caught up");
        assertEquals(winner.id(), loser.resolve("cats@" + semver).id());
      }
    } finally {
      pool.shutdownNow();
    }
    a.sync().pull(target.remote(), target.ref(), "cats", true, TransferProgress.NONE);
    b.sync().pull(target.remote(), target.ref(), "cats", true, TransferProgress.NONE);
    assertEquals(a.tags(DS), b.tags(DS));
    assertEquals(ROUNDS + 1, a.tags(DS).size());
    assertEquals(a.resolve("cats@" + ROUNDS + ".0.0").id(), b.resolve("cats@^" + ROUNDS).id());
  }

  @Test
  void bumpsRacingBothLandEachWithItsOwnSemanticVersion() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        int r = round;
        CyclicBarrier start = new CyclicBarrier(2);
        Future<ImportResult> x = pool.submit(() -> commit(a, "a/" + r + "-" + start.await(), "a", "minor"));
        Future<ImportResult> y = pool.submit(() -> commit(b, "data/" + r + "-" + start.await(), "b", "minor"));
        List<String> got = new ArrayList<>(List.of(x.get().semver().toString(), y.get().semver().toString()));
        got.sort(null);
        assertEquals(List.of("0." + (2 + 2 * round) + ".0", "0." + (3 + 2 * round) + ".0"), got);
      }
    } finally {
      pool.shutdownNow();
    }
    RemoteCatalog theirs = new RemoteCatalog(target.remote());
    assertEquals(7, theirs.tags(DS).usable().size());
    for (TagRecord t : theirs.tags(DS).usable().values()) {
      assertEquals(t.id(), theirs.find(DS, t.version()).id(), t.toString());
      assertTrue(t.tag().value().equals("0." + t.version() + ".0"), "semantic versions rise with the numbers: " + t);
    }
  }

  /** A commit of one file changed, asking for {@code semver} (an exact one, or a bump level). */
  private ImportResult commit(Repository repo, String path, String content, String semver) throws Exception {
    Path staged = Files.createTempFile(tmp, "staged", ".txt");
    Files.writeString(staged, content);
    SortedMap<String, Change> changes = new TreeMap<>();
    changes.put(path, new Change.PutFile(staged, 0644, 1_000_000_000L));
    long base = repo.resolve("cats").record().number();
    SemverChoice choice = semver.contains(".") ? SemverChoice.of(null, semver) : SemverChoice.of(semver, null);
    ImportOptions opts = new ImportOptions(content.substring(0, 1), "me", Map.of()).withSemver(choice);
    return repo.commit(DS, base, changes, opts, PublishHook.NONE, target);
  }
}
