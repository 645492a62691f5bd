package io.datafs.core.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RemoteGcRunningException;
import io.datafs.core.error.StoreLockedException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackIndex;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.FaultyRemote;
import io.datafs.core.remote.ForwardingRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RemoteGc} and the pushers' side of its protocol ({@code Pusher}'s markers), run on each kind of remote that
 * can be written: a removed version's packs go, live ones and those of pushes under way stay, and a push racing a GC
 * with no grace either publishes a whole version or stops cleanly and succeeds when retried.
 */
public abstract class RemoteGcContract {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final DatasetName CATS = new DatasetName("cats");
  static final DatasetName DOGS = new DatasetName("dogs");
  static final Duration NO_GRACE = Duration.ZERO;
  @TempDir Path tmp;
  Repository a;
  Repository b;
  Remote remote;
  RemoteRef ref;

  /** A new, empty remote for one test. */
  protected abstract Remote open();

  /** Rounds of the push-through-GC race: fewer on the slower servers. */
  protected int raceRounds() {
    return 20;
  }

  /**
   * How coarse the remote's object times are (S3 and Azure: whole seconds). A GC with no grace keeps what was written
   * in its own second, so a test that expects deletions first lets this much time pass.
   */
  protected Duration timeGranularity() {
    return Duration.ZERO;
  }

  private void letTheClockTick() throws InterruptedException {
    Thread.sleep(timeGranularity().toMillis());
  }

  @BeforeEach
  void openStores() {
    a = Repository.open(tmp.resolve("a"), dir -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    remote = open();
    ref = new RemoteRef(remote.url(), null);
  }

  @AfterEach
  void closeStores() {
    a.close();
    b.close();
    remote.close();
  }

  Version importInto(Repository repo, DatasetName ds, Path src) {
    return repo.importFolder(src, ds, OPTS, ImportProgress.NONE).version();
  }

  /** A folder of a shared file and one of its own ({@code own} bytes, from {@code seed}). */
  Path tree(String name, long seed, int own) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("src-" + name));
    Files.writeString(dir.resolve("shared.txt"), "in every version\n".repeat(500));
    byte[] b = new byte[own];
    new Random(seed).nextBytes(b);
    Files.write(dir.resolve("own-" + seed + ".bin"), b);
    return dir;
  }

  private Set<RemoteKey> packs() {
    return new HashSet<>(remote.list(RemoteLayout.PACKS));
  }

  private RemoteGcReport gc(Duration grace, boolean dryRun) {
    return new RemoteGc(remote, tmp).run(grace, dryRun, true);
  }

  @Test
  void aRemovedVersionsOwnPacksGoAndEverythingElseVerifiesAndPullsIntoAFreshStore() throws Exception {
    importInto(a, CATS, tree("v1", 1, 200_000));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    Set<RemoteKey> v1Packs = packs();
    importInto(a, CATS, tree("v2", 2, 300_000));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    Set<RemoteKey> v2Own = packs();
    v2Own.removeAll(v1Packs);
    a.sync().removeRemote(remote, ref, a.sync().remoteRemoval(remote, ref, CATS, 2));
    letTheClockTick();

    RemoteGcReport kept = new RemoteGc(remote, tmp).run(Duration.ofHours(1), false, false);
    assertEquals(0, kept.packsDeleted(), "everything is younger than the grace");
    assertEquals(v2Own.size(), kept.packsTooNew());
    RemoteGcReport dry = gc(NO_GRACE, true);
    assertEquals(v2Own.size(), dry.packsDeleted());
    assertEquals(v1Packs.size() + v2Own.size(), packs().size(), "a dry run deletes nothing");

    Set<RemoteKey> packsRead = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Remote recording = new ForwardingRemote(remote) {
      @Override public java.io.InputStream open(RemoteKey key, long offset, long length) {
        if (key.value().startsWith(RemoteLayout.PACKS)) packsRead.add(key);
        return super.open(key, offset, length);
      }

      @Override public byte[] read(RemoteKey key, long offset, int length) {
        if (key.value().startsWith(RemoteLayout.PACKS)) packsRead.add(key);
        return super.read(key, offset, length);
      }

      @Override public byte[] get(RemoteKey key) {
        if (key.value().startsWith(RemoteLayout.PACKS)) packsRead.add(key);
        return super.get(key);
      }
    };
    RemoteGcReport r = new RemoteGc(recording, tmp).run(NO_GRACE, false, true);
    assertFalse(packsRead.isEmpty(), "the metadata packs are read");
    for (RemoteKey k : packsRead) {
      byte[] index = remote.get(RemoteLayout.index(RemoteLayout.parsePack(k)));
      assertTrue(PackIndex.decode(index).stream().noneMatch(e -> e.type() == ObjectType.CHUNK), "read data pack " + k);
    }
    assertEquals(1, r.versions());
    assertEquals(v2Own.size(), r.packsDeleted());
    assertEquals(v1Packs.size(), r.packsLive());
    assertTrue(r.bytesDeleted() > 300_000, "the removed version's own file: " + r.bytesDeleted());
    assertEquals(v1Packs, packs());
    assertEquals(List.of(), remote.list(RemoteLayout.GC_PENDING), "no push marker is left");
    assertEquals(List.of(), remote.list("gc/"), "nor the GC's lock");
    for (RemoteKey p : v2Own) {
      assertFalse(remote.size(RemoteLayout.index(RemoteLayout.parsePack(p))).isPresent(), "its index went too");
    }

    b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE);
    assertTrue(b.verify(null).ok(), b.verify(null).problems().toString());
    assertEquals(0, gc(NO_GRACE, false).packsDeleted(), "a second GC finds nothing more");
  }

  @Test
  void aGraceBelowAnHourNeedsForceAndIsRefusedBeforeAnythingIsRead() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new RemoteGc(remote, tmp).run(Duration.ofMinutes(10), false, false));
    assertTrue(e.getMessage().contains("below the minimum of 1h"), e.getMessage());
    assertEquals(List.of(), remote.list(""));
  }

  @Test
  void aPushStopsWhileAGcRunsAndASecondGcIsRefused() throws Exception {
    importInto(a, CATS, tree("v1", 1, 1000));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    assertEquals(CreateResult.CREATED, remote.create(RemoteLayout.GC_RUNNING,
        "{\"started\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8)));
    importInto(a, CATS, tree("v2", 2, 1000));
    Set<RemoteKey> before = packs();
    RemoteGcRunningException e = assertThrows(RemoteGcRunningException.class,
        () -> a.sync().push(remote, ref, null, TransferProgress.NONE));
    assertTrue(e.getMessage().contains("under way (since 2026-01-01T00:00:00Z)"), e.getMessage());
    assertEquals(before, packs(), "nothing uploaded");
    assertEquals(List.of(), remote.list(RemoteLayout.GC_PENDING), "its marker withdrawn");
    StoreLockedException second = assertThrows(StoreLockedException.class, () -> gc(NO_GRACE, false));
    assertTrue(second.getMessage().contains("--unlock"), second.getMessage());

    assertTrue(RemoteGc.unlock(remote));
    assertEquals(2, a.sync().push(remote, ref, null, TransferProgress.NONE).versions().get(0).record().number());
  }

  @Test
  void packsAPushUnderWayNamesStayThoughNothingReachesThem() throws Exception {
    importInto(a, CATS, tree("v1", 1, 1000));
    importInto(a, CATS, tree("v2", 2, 50_000));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    a.sync().removeRemote(remote, ref, a.sync().remoteRemoval(remote, ref, CATS, 2));
    Set<RemoteKey> all = packs();
    letTheClockTick();
    // a pusher of v2 again, stopped between its listing of index/ and its record: its marker names what it needs
    AtomicBoolean once = new AtomicBoolean();
    Remote gcOnListing = new ForwardingRemote(remote) {
      @Override public List<RemoteKey> list(String prefix) {
        List<RemoteKey> keys = super.list(prefix);
        if (prefix.equals(RemoteLayout.INDEXES) && once.compareAndSet(false, true)) {
          RemoteGcReport r = gc(NO_GRACE, false);
          assertEquals(0, r.packsDeleted(), "the pusher's marker keeps them");
          assertTrue(r.packsPending() > 0);
        }
        return keys;
      }
    };
    a.sync().push(gcOnListing, ref, null, TransferProgress.NONE);
    assertTrue(once.get());
    assertEquals(all, packs());
    b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE);
    assertTrue(b.verify(null).ok(), b.verify(null).problems().toString());
  }

  @Test
  void aRemoteThatFailsMidwayLosesNothingAndTheErrorNamesTheStep() throws Exception {
    importInto(a, CATS, tree("v1", 1, 1000));
    importInto(a, CATS, tree("v2", 2, 1000));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    a.sync().removeRemote(remote, ref, a.sync().remoteRemoval(remote, ref, CATS, 2));
    Set<RemoteKey> before = packs();
    letTheClockTick();
    Remote failing = new ForwardingRemote(remote) {
      @Override public List<io.datafs.core.remote.RemoteEntry> listEntries(String prefix) {
        if (prefix.equals(RemoteLayout.PACKS)) throw new io.datafs.core.error.RemoteUnreachableException(
            "remote " + url() + " is unreachable: listing packs/", null);
        return super.listEntries(prefix);
      }
    };
    DatafsException e = assertThrows(DatafsException.class,
        () -> new RemoteGc(failing, tmp).run(NO_GRACE, false, true));
    assertTrue(e.getMessage().startsWith("gc of remote " + remote.url() + " deleted nothing: listing packs/ failed"),
        e.getMessage());
    assertEquals(before, packs());
    assertEquals(List.of(), remote.list("gc/"), "the lock is let go of after a failure");
    assertTrue(gc(NO_GRACE, false).packsDeleted() > 0, "a rerun finishes");
  }

  /**
   * Store b pushes versions that reuse packs of a version a removed, while a GC with no grace runs: the push either
   * publishes with every pack there, or stops (a GC under way) and succeeds when retried.
   */
  @Test
  void aPushRacingAGcWithNoGraceNeverPublishesAVersionWhosePacksWereDeleted() throws Exception {
    int stopped = 0;
    for (int round = 1; round <= raceRounds(); round++) {
      Path src = tree("race" + round, 100 + round, 20_000);
      DatasetName ds = new DatasetName("cats" + round);
      importInto(a, ds, src);
      a.sync().push(remote, ref, ds.value(), TransferProgress.NONE);
      b.sync().pull(remote, ref, ds.value(), false, TransferProgress.NONE); // b now holds the very packs a pushed
      a.sync().removeRemote(remote, ref, a.sync().remoteRemoval(remote, ref, ds, 1));
      letTheClockTick(); // a's packs old enough for a GC with no grace
      importInto(b, DOGS, src); // the same content: b's version names a's packs, which the remote has
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Object> push = CompletableFuture.supplyAsync(() -> {
        await(go);
        try {
          return b.sync().push(remote, ref, "dogs", TransferProgress.NONE);
        } catch (RemoteGcRunningException e) {
          return e;
        }
      });
      go.countDown();
      Thread.sleep(round % 4 * 15L); // a GC sometimes before the push announces itself, sometimes after
      gc(NO_GRACE, false);
      if (push.get() instanceof RemoteGcRunningException) {
        stopped++;
        b.sync().push(remote, ref, "dogs", TransferProgress.NONE);
      }
    }
    Repository c = Repository.open(tmp.resolve("c"), dir -> new MemoryKvStore());
    try {
      c.sync().pull(remote, ref, "dogs", false, TransferProgress.NONE);
      for (long n = 1; n <= raceRounds(); n++) c.sync().pull(remote, ref, "dogs@v" + n, false, TransferProgress.NONE);
      assertTrue(c.verify(null).ok(), c.verify(null).problems().toString());
    } finally {
      c.close();
    }
    System.out.println(getClass().getSimpleName() + ": " + stopped + " of " + raceRounds() + " pushes met a GC");
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
