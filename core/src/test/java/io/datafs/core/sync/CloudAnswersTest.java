package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.FaultyRemote;
import io.datafs.core.remote.FaultyRemote.Fault;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.RetryPolicy;
import io.datafs.core.remote.RetryingRemote;
import io.datafs.core.repo.Change;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.PublishHook;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create-only writes (version records, tombstones) and retries under the answers real clouds give and S3Proxy and
 * Azurite do not: S3's 409 {@code ConditionalRequestConflict} to the loser of two conditional writes racing on one
 * key (then 412 on its retry) and its 503 {@code SlowDown} throttling. Two stores share one folder remote; store b
 * reaches it through {@link FaultyRemote} under {@link RetryingRemote}, as a cloud remote is opened.
 */
class CloudAnswersTest {
  private static final DatasetName DS = new DatasetName("cats");
  private static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  private static final RetryPolicy QUICK =
      new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(30));

  @TempDir Path tmp;
  private Repository a;
  private Repository b;
  private Remote plain;
  private FaultyRemote faulty;
  private RemoteTarget targetA;
  private RemoteTarget targetB;

  @BeforeEach
  void bothHaveV1() throws Exception {
    a = Repository.open(tmp.resolve("a"), d -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), d -> new MemoryKvStore());
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    plain = new LocalFolderRemote(url);
    faulty = new FaultyRemote(new LocalFolderRemote(url));
    RemoteRef ref = new RemoteRef(url, null);
    targetA = new RemoteTarget(plain, ref);
    targetB = new RemoteTarget(new RetryingRemote(faulty, QUICK), ref);
    a.importFolder(SyncTrees.sample(tmp.resolve("src")), DS, OPTS, ImportProgress.NONE);
    a.sync().push(plain, ref, null, TransferProgress.NONE);
    b.sync().pull(plain, ref, "cats", true, TransferProgress.NONE);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void aCreateRacedByAnotherWriterAnswersAlreadyExistsAndKeepsTheirs() {
    RemoteKey key = RemoteKey.of("versions/dogs/1.json");
    byte[] theirs = bytes("theirs");
    faulty.raceNextCreate("versions/", () -> assertEquals(CreateResult.CREATED, plain.create(key, theirs)));

    assertEquals(CreateResult.ALREADY_EXISTS, targetB.remote().create(key, bytes("mine")));
    assertArrayEquals(theirs, plain.get(key));
  }

  @Test
  void throttlingIsRetriedAndReportedNamingItWhenItLasts() {
    RemoteKey key = RemoteKey.of("versions/dogs/1.json");
    faulty.failNext(QUICK.maxAttempts() - 1, Fault.SLOW_DOWN);
    assertEquals(CreateResult.CREATED, targetB.remote().create(key, bytes("one")));
    assertEquals(QUICK.maxAttempts(), faulty.calls());

    faulty.failAlways(Fault.SLOW_DOWN);
    RemoteUnreachableException e = assertThrows(RemoteUnreachableException.class,
        () -> targetB.remote().create(RemoteKey.of("versions/dogs/2.json"), bytes("two")));
    assertTrue(e.getMessage().contains("HTTP 503 SlowDown"), e.getMessage());
    assertEquals(2 * QUICK.maxAttempts(), faulty.calls(), "every try was made, none more");
    faulty.heal();
    assertFalse(plain.size(RemoteKey.of("versions/dogs/2.json")).isPresent(), "nothing was written");
  }

  @Test
  void aCommitWhoseRecordLosesTheRaceCatchesUpAndTakesTheNextNumber() throws Exception {
    faulty.raceNextCreate("versions/cats/", () -> assertEquals(2, commit(a, targetA, "a/first.txt", "from a")));
    faulty.failNext(1, Fault.SLOW_DOWN); // and the catch-up is throttled once, too

    assertEquals(3, commit(b, targetB, "data/second.txt", "from b"));
    assertEquals(3, new RemoteCatalog(plain).head(DS));
    a.sync().pull(plain, targetA.ref(), "cats", false, TransferProgress.NONE);
    assertEquals("from a", cat(a, "a/first.txt"));
    assertEquals("from b", cat(a, "data/second.txt"));
    assertEquals(a.resolve("cats").id(), b.resolve("cats").id());
  }

  @Test
  void twoStoresRemovingOneVersionAtOnceBothSucceed() throws Exception {
    assertEquals(2, commit(a, targetA, "a/doomed.txt", "x"));
    b.sync().pull(plain, targetB.ref(), "cats", true, TransferProgress.NONE);
    var planA = a.sync().remoteRemoval(plain, targetA.ref(), DS, 2);
    var planB = b.sync().remoteRemoval(targetB.remote(), targetB.ref(), DS, 2);
    // a's tombstone lands while b's create of the same one is in flight: b is answered 409, then 412 on its retry
    AtomicBoolean raced = new AtomicBoolean();
    faulty.raceNextCreate(RemoteLayout.REMOVED, () -> {
      a.sync().removeRemote(plain, targetA.ref(), planA);
      raced.set(true);
    });
    faulty.failNext(1, Fault.SLOW_DOWN);

    b.sync().removeRemote(targetB.remote(), targetB.ref(), planB);
    assertTrue(raced.get(), "b's tombstone was raced");
    assertEquals(1, new RemoteCatalog(plain).head(DS));
    assertEquals(1, plain.list(RemoteLayout.REMOVED).size(), "one tombstone");
  }

  private long commit(Repository repo, RemoteTarget target, String path, String content) {
    try {
      Path staged = Files.createTempFile(tmp, "staged", ".txt");
      Files.writeString(staged, content);
      SortedMap<String, Change> changes = new TreeMap<>();
      changes.put(path, new Change.PutFile(staged, 0644, 1_000_000_000L));
      long base = repo.resolve("cats").record().number();
      ImportResult r = repo.commit(DS, base, changes, OPTS, PublishHook.NONE, target);
      return r.version().record().number();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String cat(Repository repo, String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(repo.resolve("cats"), path, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
