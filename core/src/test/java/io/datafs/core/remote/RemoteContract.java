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
 * The {@link Remote} contract, run unchanged against every implementation on a real store: extend it and say
 * how to open a fresh, empty remote and one whose bucket (container, folder) does not exist. Remotes that take
 * credentials extend {@link CredentialedRemoteContract}, which adds wrong credentials.
 */
public abstract class RemoteContract {
  /** A deadline for waits on a loaded 2-core machine, never an expected duration. */
  protected static final Duration WAIT = Duration.ofSeconds(120);
  /** More keys than one S3 listing page (1000) holds. */
  static final int MANY_KEYS = 1100;
  static final int LARGE_BYTES = 20 << 20;

  @TempDir protected Path tmp;
  private Remote remote;

  /** A new remote with no objects in it; it may share a server with others, never keys. */
  protected abstract Remote open() throws Exception;

  /** A remote whose bucket, container or folder does not exist. */
  protected abstract Remote openMissing() throws Exception;

  /** Secrets the remotes above were given: no message may contain them. */
  protected List<String> secrets() {
    return List.of();
  }

  @BeforeEach
  final void openRemote() throws Exception {
    remote = open();
  }

  @AfterEach
  final void closeRemote() {
    remote.close();
  }

  protected final Remote remote() {
    return remote;
  }

  @Test
  void roundTrip() {
    RemoteKey k = key("a/b/c.bin");
    byte[] data = random(1, 70_000);
    remote.put(k, data);
    assertArrayEquals(data, remote.get(k));
    assertEquals(OptionalLong.of(data.length), remote.size(k));

    RemoteKey empty = key("a/empty");
    remote.put(empty, new byte[0]);
    assertEquals(0, remote.get(empty).length);
    assertEquals(OptionalLong.of(0), remote.size(empty));
    assertEquals(0, remote.read(empty, 0, 10).length);
  }

  @Test
  void rangedReadsIncludingEdges() {
    RemoteKey k = key("range/obj");
    byte[] data = random(2, 1000);
    remote.put(k, data);
    assertRange(data, k, 0, 10);
    assertRange(data, k, 990, 10);
    assertRange(data, k, 1, 998);
    assertRange(data, k, 0, 1000);
    assertArrayEquals(slice(data, 995, 5), remote.read(k, 995, 10), "a range past the end is cut at the end");
    assertArrayEquals(data, remote.read(k, 0, Integer.MAX_VALUE));
    assertEquals(0, remote.read(k, 1000, 5).length, "a range starting at the end is empty");
    assertEquals(0, remote.read(k, 5000, 1).length, "a range starting past the end is empty");
    assertEquals(0, remote.read(k, 10, 0).length);
    assertArrayEquals(slice(data, 999, 1), remote.read(k, 999, 1));
    assertThrows(IllegalArgumentException.class, () -> remote.read(k, -1, 5));
    assertThrows(IllegalArgumentException.class, () -> remote.read(k, 0, -5));
  }

  @Test
  void aRangedStreamHasTheBytesOfTheRangedRead() throws IOException {
    byte[] data = random(3, 1000);
    RemoteKey k = key("packs/ab/streamed");
    remote.put(k, data);
    long[][] ranges = {{0, 10}, {990, 10}, {1, 998}, {0, 1000}, {995, 10}, {0, Long.MAX_VALUE}, {7, Long.MAX_VALUE},
        {1000, 5}, {5000, 1}, {10, 0}, {999, 1}};
    for (long[] r : ranges) {
      try (InputStream in = remote.open(k, r[0], r[1])) {
        assertArrayEquals(remote.read(k, r[0], (int) Math.min(r[1], Integer.MAX_VALUE)), in.readAllBytes(),
            r[0] + "+" + r[1]);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> remote.open(k, -1, 5));
    assertThrows(IllegalArgumentException.class, () -> remote.open(k, 0, -5));
    RemoteObjectNotFoundException e = assertThrows(RemoteObjectNotFoundException.class,
        () -> remote.open(key("packs/ab/missing"), 10, 20).close());
    assertEquals("packs/ab/missing", e.key());
  }

  @Test
  void missingObject() {
    RemoteKey k = key("missing/obj");
    remote.put(key("missing/other"), new byte[] {1});
    for (Executable read : List.<Executable>of(() -> remote.get(k), () -> remote.read(k, 0, 10), () -> remote.open(k).close())) {
      RemoteObjectNotFoundException e = assertThrows(RemoteObjectNotFoundException.class, read::execute);
      assertTrue(e.getMessage().contains(k.value()) && e.getMessage().contains(remote.url().toString()), e.getMessage());
      assertEquals(k.value(), e.key());
    }
    assertEquals(OptionalLong.empty(), remote.size(k));
    assertFalse(remote.delete(k));
    assertEquals(List.of(), remote.list("missing/obj"));
    assertEquals(List.of(), remote.list("nothing/"));
  }

  @Test
  void createOnlyNeverReplaces() {
    RemoteKey k = key("versions/cats/1.json");
    assertEquals(CreateResult.CREATED, remote.create(k, "first".getBytes(UTF_8)));
    assertEquals(CreateResult.ALREADY_EXISTS, remote.create(k, "first".getBytes(UTF_8)));
    assertEquals(CreateResult.ALREADY_EXISTS, remote.create(k, "second".getBytes(UTF_8)));
    assertEquals("first", new String(remote.get(k), UTF_8));
    remote.put(key("versions/cats/2.json"), "put".getBytes(UTF_8));
    assertEquals(CreateResult.ALREADY_EXISTS, remote.create(key("versions/cats/2.json"), "create".getBytes(UTF_8)));
    assertEquals("put", new String(remote.get(key("versions/cats/2.json")), UTF_8));
  }

  @Test
  void createRaceHasExactlyOneWinner() throws Exception {
    int threads = 8;
    int rounds = 25;
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
            return remote.create(k, mine);
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
        assertEquals("writer " + winner + " of round " + round, new String(remote.get(k), UTF_8),
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
    remote.put(k, data);
    remote.put(k, data);
    List<Callable<Void>> puts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      puts.add(() -> {
        remote.put(k, data);
        return null;
      });
    }
    runAll(puts);
    assertArrayEquals(data, remote.get(k));
    assertEquals(List.of(k), remote.list("packs/"));
  }

  @Test
  void listingIsCompleteSortedAndPaged() throws Exception {
    List<RemoteKey> many = new ArrayList<>();
    for (int i = 0; i < MANY_KEYS; i++) many.add(key(String.format("many/%04d", i)));
    List<Callable<Void>> puts = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int from = t;
      puts.add(() -> {
        for (int i = from; i < many.size(); i += 8) remote.put(many.get(i), new byte[] {(byte) i});
        return null;
      });
    }
    runAll(puts);
    remote.put(key("many/sub/deeper"), new byte[0]);
    remote.put(key("manyother/x"), new byte[0]);
    remote.put(key("top"), new byte[0]);

    List<RemoteKey> expected = new ArrayList<>(many);
    expected.add(key("many/sub/deeper"));
    assertEquals(expected, remote.list("many/"));
    assertEquals(many.subList(1000, 1100), remote.list("many/10"));
    List<RemoteKey> all = remote.list("");
    assertEquals(MANY_KEYS + 3, all.size());
    assertEquals(key("manyother/x"), all.get(MANY_KEYS + 1));
    assertEquals(key("top"), all.get(MANY_KEYS + 2));
    assertEquals(List.of(key("manyother/x")), remote.list("manyo"));
  }

  @Test
  void unicodeAndOddKeys() {
    List<RemoteKey> keys = List.of(key("u/ü/日本語.json"), key("u/emoji-😀"), key("u/space name"),
        key("u/plus+and%percent&amp"), key("u/Ωmega~tilde"), key("u/x.y.z"));
    for (RemoteKey k : keys) remote.put(k, k.value().getBytes(UTF_8));
    for (RemoteKey k : keys) {
      assertEquals(k.value(), new String(remote.get(k), UTF_8));
      assertEquals(OptionalLong.of(k.value().getBytes(UTF_8).length), remote.size(k));
    }
    assertEquals(keys.stream().sorted().toList(), remote.list("u/"));
    assertEquals(CreateResult.CREATED, remote.create(key("u/版本/1.json"), new byte[] {1}));
    assertEquals(CreateResult.ALREADY_EXISTS, remote.create(key("u/版本/1.json"), new byte[] {2}));
  }

  @Test
  void largeObjectsStream() throws Exception {
    Path file = tmp.resolve("large.bin");
    MessageDigest written = ObjectId.sha256();
    Random r = new Random(4);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < LARGE_BYTES / block.length; i++) {
        r.nextBytes(block);
        written.update(block);
        out.write(block);
      }
    }
    RemoteKey k = key("packs/la/large");
    remote.put(k, file);
    assertEquals(OptionalLong.of(LARGE_BYTES), remote.size(k));
    MessageDigest read = ObjectId.sha256();
    long total = 0;
    try (InputStream in = remote.open(k)) {
      for (int n; (n = in.read(block)) > 0; total += n) read.update(block, 0, n);
    }
    assertEquals(LARGE_BYTES, total);
    assertArrayEquals(written.digest(), read.digest());
    byte[] whole = Files.readAllBytes(file);
    assertArrayEquals(slice(whole, LARGE_BYTES - 4096 - 7, 4096), remote.read(k, LARGE_BYTES - 4096 - 7, 4096));
    assertArrayEquals(slice(whole, 12 << 20, 1 << 20), remote.read(k, 12 << 20, 1 << 20));
  }

  @Test
  void aMissingLocalFileIsNotAMissingObject() {
    StoreIoException e = assertThrows(StoreIoException.class, () -> remote.put(key("packs/aa/x"), tmp.resolve("nothing")));
    assertTrue(e.getMessage().startsWith("uploading " + tmp.resolve("nothing")), e.getMessage());
    assertEquals(OptionalLong.empty(), remote.size(key("packs/aa/x")));
  }

  @Test
  void deleteRemovesAnObject() {
    RemoteKey k = key("tmp/gone");
    remote.put(k, new byte[] {1, 2});
    assertTrue(remote.delete(k));
    assertEquals(OptionalLong.empty(), remote.size(k));
    assertEquals(List.of(), remote.list("tmp/"));
    assertFalse(remote.delete(k));
  }

  @Test
  void theLayoutsKeysAreValidKeys() {
    ObjectId pack = ObjectId.hash("pack".getBytes(UTF_8));
    DatasetName cats = new DatasetName("cats");
    remote.put(RemoteLayout.FORMAT, "{\"format\":1}".getBytes(UTF_8));
    remote.put(RemoteLayout.pack(pack), new byte[] {1});
    remote.put(RemoteLayout.index(pack), new byte[] {2});
    assertEquals(CreateResult.CREATED, remote.create(RemoteLayout.version(cats, 1), new byte[] {3}));
    assertEquals(CreateResult.CREATED, remote.create(RemoteLayout.tag(cats, new TagName("release-1.0")), new byte[] {4}));
    assertEquals(pack, RemoteLayout.parsePack(remote.list(RemoteLayout.PACKS).get(0)));
    assertEquals(pack, RemoteLayout.parseIndex(remote.list(RemoteLayout.INDEXES).get(0)));
    assertEquals(new RemoteLayout.VersionKey(cats, 1), RemoteLayout.parseVersion(remote.list(RemoteLayout.versions(cats)).get(0)));
    assertEquals("release-1.0", RemoteLayout.parseTag(remote.list(RemoteLayout.tags(cats)).get(0)).tag().value());
  }

  @Test
  void aMissingBucketIsNamed() throws Exception {
    try (Remote missing = openMissing()) {
      RemoteKey k = RemoteKey.of("x/y");
      for (Executable op : List.<Executable>of(() -> missing.get(k), () -> missing.read(k, 0, 1), () -> missing.size(k),
          () -> missing.put(k, new byte[] {1}), () -> missing.create(k, new byte[] {1}), () -> missing.list(""))) {
        RemoteNotFoundException e = assertThrows(RemoteNotFoundException.class, op::execute);
        assertTrue(e.getMessage().contains(missing.url().toString()) && e.getMessage().contains("does not exist"), e.getMessage());
        assertOneLineWithoutSecrets(e);
      }
    }
  }

  protected void assertOneLineWithoutSecrets(DatafsException e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    for (String secret : secrets()) assertFalse(e.getMessage().contains(secret), "a message shows a secret: " + e.getMessage());
  }

  private void assertRange(byte[] data, RemoteKey k, int offset, int length) {
    assertArrayEquals(slice(data, offset, length), remote.read(k, offset, length), offset + "+" + length);
  }

  protected static RemoteKey key(String s) {
    return RemoteKey.of(s);
  }

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] slice(byte[] b, int off, int len) {
    return java.util.Arrays.copyOfRange(b, off, off + len);
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
