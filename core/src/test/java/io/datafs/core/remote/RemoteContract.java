package io.datafs.core.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteNotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Remote} contract, run unchanged against every implementation that can be written, on a real store: extend
 * it and say how to open a fresh, empty remote and one whose bucket (container, folder) does not exist. It runs the
 * read half ({@link RemoteReadContract}) too. Remotes that take credentials extend {@link CredentialedRemoteContract},
 * which adds wrong credentials.
 */
public abstract class RemoteContract extends RemoteReadContract {
  /** More keys than one S3 listing page (1000) holds. */
  static final int MANY_KEYS = 1100;

  @Test
  void missingObjectIsNeitherListedNorDeleted() {
    RemoteKey k = key("missing/obj");
    remote().put(key("missing/other"), new byte[] {1});
    assertFalse(remote().delete(k));
    assertEquals(List.of(), remote().list("missing/obj"));
    assertEquals(List.of(), remote().list("nothing/"));
  }

  @Test
  void createOnlyNeverReplaces() {
    Remote remote = remote();
    RemoteKey k = key("versions/cats/1.json");
    assertEquals(CreateResult.CREATED, remote().create(k, "first".getBytes(UTF_8)));
    assertEquals(CreateResult.ALREADY_EXISTS, remote().create(k, "first".getBytes(UTF_8)));
    assertEquals(CreateResult.ALREADY_EXISTS, remote().create(k, "second".getBytes(UTF_8)));
    assertEquals("first", new String(remote().get(k), UTF_8));
    remote().put(key("versions/cats/2.json"), "put".getBytes(UTF_8));
    assertEquals(CreateResult.ALREADY_EXISTS, remote().create(key("versions/cats/2.json"), "create".getBytes(UTF_8)));
    assertEquals("put", new String(remote().get(key("versions/cats/2.json")), UTF_8));
  }

  @Test
  void aPutOfOtherBytesReplacesTheObjectWhole() {
    RemoteKey k = key("listings/versions.txt");
    remote().put(k, "first listing\n".getBytes(UTF_8));
    byte[] longer = random(9, 300_000);
    remote().put(k, longer);
    assertArrayEquals(longer, remote().get(k));
    remote().put(k, "short\n".getBytes(UTF_8));
    assertEquals("short\n", new String(remote().get(k), UTF_8));
    assertEquals(OptionalLong.of(6), remote().size(k));
  }

  @Test
  void createRaceHasExactlyOneWinner() throws Exception {
    int threads = 8;
    int rounds = 25;
    Remote remote = remote();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        RemoteKey k = key("race/" + round + ".json");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CreateResult>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] mine = ("writer " + t + " of round " + round).getBytes(UTF_8);
          results.add(pool.submit(() -> {
            go.await();
            return remote().create(k, mine);
          }));
        }
        go.countDown();
        int winners = 0;
        int winner = -1;
        for (int t = 0; t < threads; t++) {
          if (results.get(t).get(WAIT.toSeconds(), TimeUnit.SECONDS) == CreateResult.CREATED) {
            winners++;
            winner = t;
          }
        }
        assertEquals(1, winners, "round " + round + ": exactly one create wins");
        assertEquals("writer " + winner + " of round " + round, new String(remote().get(k), UTF_8),
            "round " + round + ": the winner's bytes stay");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void putIsIdempotent() throws Exception {
    RemoteKey k = key("packs/ab/abcdef");
    byte[] data = random(3, 300_000);
    remote().put(k, data);
    remote().put(k, data);
    List<Callable<Void>> puts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      puts.add(() -> {
        remote().put(k, data);
        return null;
      });
    }
    runAll(puts);
    assertArrayEquals(data, remote().get(k));
    assertEquals(List.of(k), remote().list("packs/"));
  }

  @Test
  void listingIsCompleteSortedAndPaged() throws Exception {
    List<RemoteKey> many = new ArrayList<>();
    for (int i = 0; i < MANY_KEYS; i++) many.add(key(String.format("many/%04d", i)));
    List<Callable<Void>> puts = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int from = t;
      puts.add(() -> {
        for (int i = from; i < many.size(); i += 8) remote().put(many.get(i), new byte[] {(byte) i});
        return null;
      });
    }
    runAll(puts);
    remote().put(key("many/sub/deeper"), new byte[0]);
    remote().put(key("manyother/x"), new byte[0]);
    remote().put(key("top"), new byte[0]);

    List<RemoteKey> expected = new ArrayList<>(many);
    expected.add(key("many/sub/deeper"));
    assertEquals(expected, remote().list("many/"));
    assertEquals(many.subList(1000, 1100), remote().list("many/10"));
    List<RemoteKey> all = remote().list("");
    assertEquals(MANY_KEYS + 3, all.size());
    assertEquals(key("manyother/x"), all.get(MANY_KEYS + 1));
    assertEquals(key("top"), all.get(MANY_KEYS + 2));
    assertEquals(List.of(key("manyother/x")), remote().list("manyo"));
  }

  @Test
  void unicodeAndOddKeys() {
    Remote remote = remote();
    for (RemoteKey k : ODD_KEYS) remote().put(k, k.value().getBytes(UTF_8));
    assertEquals(ODD_KEYS.stream().sorted().toList(), remote().list("u/"));
    assertEquals(CreateResult.CREATED, remote().create(key("u/版本/1.json"), new byte[] {1}));
    assertEquals(CreateResult.ALREADY_EXISTS, remote().create(key("u/版本/1.json"), new byte[] {2}));
  }

  @Test
  void aMissingLocalFileIsNotAMissingObject() {
    StoreIoException e = assertThrows(StoreIoException.class,
        () -> remote().put(key("packs/aa/x"), tmp.resolve("nothing")));
    assertTrue(e.getMessage().startsWith("uploading " + tmp.resolve("nothing")), e.getMessage());
    assertEquals(OptionalLong.empty(), remote().size(key("packs/aa/x")));
  }

  @Test
  void deleteRemovesAnObject() {
    RemoteKey k = key("tmp/gone");
    remote().put(k, new byte[] {1, 2});
    assertTrue(remote().delete(k));
    assertEquals(OptionalLong.empty(), remote().size(k));
    assertEquals(List.of(), remote().list("tmp/"));
    assertFalse(remote().delete(k));
  }

  @Test
  void deleteListedRemovesAnObjectAndTakesOneGoneAsDone() {
    RemoteKey k = key("tmp/listed");
    remote().put(k, new byte[] {1, 2});
    remote().deleteListed(k);
    assertEquals(OptionalLong.empty(), remote().size(k));
    remote().deleteListed(k); // deleted meanwhile by another: no error
    assertEquals(List.of(), remote().list("tmp/"));
  }

  @Test
  void listedEntriesCarryTheTimeOfTheirWrite() {
    // stores keep times to the second (S3's LastModified) or less: the bounds are widened by that much
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    List<RemoteKey> keys = List.of(key("timed/a"), key("timed/b/c"));
    remote().put(keys.get(1), new byte[] {1});
    remote().create(keys.get(0), new byte[] {2, 3});
    Instant after = Instant.now().plusSeconds(1);
    List<RemoteEntry> entries = remote().listEntries("timed/");
    assertEquals(keys, entries.stream().map(RemoteEntry::key).toList());
    assertEquals(List.of(2L, 1L), entries.stream().map(RemoteEntry::size).toList());
    for (RemoteEntry e : entries) {
      assertTrue(!e.modified().isBefore(before) && !e.modified().isAfter(after),
          e + " not in " + before + ".." + after);
    }
    assertEquals(List.of(), remote().listEntries("timed/none"));
  }

  @Test
  void theLayoutsKeysAreValidKeys() {
    ObjectId pack = ObjectId.hash("pack".getBytes(UTF_8));
    DatasetName cats = new DatasetName("cats");
    remote().put(RemoteLayout.FORMAT, "{\"format\":1}".getBytes(UTF_8));
    remote().put(RemoteLayout.pack(pack), new byte[] {1});
    remote().put(RemoteLayout.index(pack), new byte[] {2});
    assertEquals(CreateResult.CREATED, remote().create(RemoteLayout.version(cats, 1), new byte[] {3}));
    assertEquals(CreateResult.CREATED,
        remote().create(RemoteLayout.tag(cats, new TagName("release-1.0")), new byte[] {4}));
    assertEquals(pack, RemoteLayout.parsePack(remote().list(RemoteLayout.PACKS).get(0)));
    assertEquals(pack, RemoteLayout.parseIndex(remote().list(RemoteLayout.INDEXES).get(0)));
    assertEquals(new RemoteLayout.VersionKey(cats, 1),
        RemoteLayout.parseVersion(remote().list(RemoteLayout.versions(cats)).get(0)));
    assertEquals("release-1.0", RemoteLayout.parseTag(remote().list(RemoteLayout.tags(cats)).get(0)).tag().value());
  }

  @Test
  void aMissingBucketIsNamed() throws Exception {
    try (Remote missing = openMissing()) {
      RemoteKey k = RemoteKey.of("x/y");
      for (Executable op : List.<Executable>of(() -> missing.put(k, new byte[] {1}),
          () -> missing.create(k, new byte[] {1}), () -> missing.list(""))) {
        assertMissingBucket(missing, op);
      }
    }
  }

  private static void runAll(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      for (Future<Void> f : pool.invokeAll(tasks, WAIT.toSeconds(), TimeUnit.SECONDS)) f.get();
    } finally {
      pool.shutdownNow();
    }
  }
}
