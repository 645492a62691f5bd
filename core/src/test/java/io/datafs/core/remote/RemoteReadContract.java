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
 * The read half of the {@link Remote} contract, for remotes that can be read but not written (http(s)): objects are
 * written through {@link #writer()} (the remote itself, or the store it serves) and read back through
 * {@link #remote()}. {@link RemoteContract} adds the writes and runs both halves on the remotes that can be written.
 */
public abstract class RemoteReadContract {
  /** A deadline for waits on a loaded 2-core machine, never an expected duration. */
  protected static final Duration WAIT = Duration.ofSeconds(120);
  static final int LARGE_BYTES = 20 << 20;

  @TempDir protected Path tmp;
  private Remote remote;

  /** A new remote with no objects in it; it may share a server with others, never keys. */
  protected abstract Remote open() throws Exception;

  /** A remote whose bucket, container or folder does not exist. */
  protected abstract Remote openMissing() throws Exception;

  /** Where this test's objects are written so that {@link #remote()} reads them: by default, the remote itself. */
  protected Remote writer() {
    return remote;
  }

  /** Called after objects were written and before they are listed: a remote that cannot list reads listing files. */
  protected void written() {}

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
    writer().put(k, data);
    assertArrayEquals(data, remote.get(k));
    assertEquals(OptionalLong.of(data.length), remote.size(k));

    RemoteKey empty = key("a/empty");
    writer().put(empty, new byte[0]);
    assertEquals(0, remote.get(empty).length);
    assertEquals(OptionalLong.of(0), remote.size(empty));
    assertEquals(0, remote.read(empty, 0, 10).length);
  }

  @Test
  void rangedReadsIncludingEdges() {
    RemoteKey k = key("range/obj");
    byte[] data = random(2, 1000);
    writer().put(k, data);
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
    writer().put(k, data);
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
    writer().put(key("missing/other"), new byte[] {1});
    // an empty range still says the object is missing (StorageRemote asks for its size)
    for (Executable read : List.<Executable>of(() -> remote.get(k), () -> remote.read(k, 0, 10),
        () -> remote.open(k).close(), () -> remote.read(k, 0, 0), () -> remote.open(k, 5, 0).close())) {
      RemoteObjectNotFoundException e = assertThrows(RemoteObjectNotFoundException.class, read::execute);
      assertTrue(e.getMessage().contains(k.value()) && e.getMessage().contains(remote.url().toString()),
          e.getMessage());
      assertEquals(k.value(), e.key());
    }
    assertEquals(OptionalLong.empty(), remote.size(k));
  }

  @Test
  void unicodeAndOddKeysRead() {
    for (RemoteKey k : ODD_KEYS) writer().put(k, k.value().getBytes(UTF_8));
    for (RemoteKey k : ODD_KEYS) {
      assertEquals(k.value(), new String(remote.get(k), UTF_8));
      assertEquals(OptionalLong.of(k.value().getBytes(UTF_8).length), remote.size(k));
    }
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
    writer().put(k, file);
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
  void theLayoutsListedAreasListWhatWasWritten() {
    ObjectId pack = ObjectId.hash("pack".getBytes(UTF_8));
    ObjectId event = ObjectId.hash("event".getBytes(UTF_8));
    DatasetName cats = new DatasetName("cats");
    writer().put(RemoteLayout.FORMAT, "{\"format\":1}".getBytes(UTF_8));
    writer().put(RemoteLayout.pack(pack), new byte[] {1});
    writer().put(RemoteLayout.index(pack), new byte[] {2});
    writer().put(RemoteLayout.labelEvent(event), new byte[] {5});
    for (long n = 1; n <= 12; n++) writer().create(RemoteLayout.version(cats, n), new byte[] {3});
    writer().create(RemoteLayout.version(new DatasetName("dogs"), 1), new byte[] {3});
    writer().create(RemoteLayout.tag(cats, new TagName("release-1.0")), new byte[] {4});
    written();
    assertEquals(List.of(RemoteLayout.index(pack)), remote.list(RemoteLayout.INDEXES));
    assertEquals(List.of(RemoteLayout.labelEvent(event)), remote.list(RemoteLayout.LABELS));
    List<RemoteKey> versions = remote.list(RemoteLayout.versions(cats));
    assertEquals(12, versions.size());
    assertEquals(versions.stream().sorted().toList(), versions, "sorted");
    assertEquals(new RemoteLayout.VersionKey(cats, 1), RemoteLayout.parseVersion(versions.get(0)));
    assertEquals(13, remote.list(RemoteLayout.VERSIONS).size());
    assertEquals("release-1.0", RemoteLayout.parseTag(remote.list(RemoteLayout.tags(cats)).get(0)).tag().value());
    assertEquals(List.of(), remote.list(RemoteLayout.tags(new DatasetName("dogs"))));
  }

  @Test
  void aMissingBucketIsNamedOnRead() throws Exception {
    try (Remote missing = openMissing()) {
      RemoteKey k = RemoteKey.of("x/y");
      for (Executable op : List.<Executable>of(() -> missing.get(k), () -> missing.read(k, 0, 1), () -> missing.size(k),
          () -> missing.list(RemoteLayout.VERSIONS))) {
        assertMissingBucket(missing, op);
      }
    }
  }

  protected final void assertMissingBucket(Remote missing, Executable op) {
    RemoteNotFoundException e = assertThrows(RemoteNotFoundException.class, op::execute);
    assertTrue(e.getMessage().contains(missing.url().toString()) && e.getMessage().contains("does not exist"),
        e.getMessage());
    assertOneLineWithoutSecrets(e);
  }

  protected void assertOneLineWithoutSecrets(DatafsException e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    for (String secret : secrets()) {
      assertFalse(e.getMessage().contains(secret), "a message shows a secret: " + e.getMessage());
    }
  }

  private void assertRange(byte[] data, RemoteKey k, int offset, int length) {
    assertArrayEquals(slice(data, offset, length), remote.read(k, offset, length), offset + "+" + length);
  }

  static final List<RemoteKey> ODD_KEYS = List.of(key("u/ü/日本語.json"), key("u/emoji-😀"), key("u/space name"),
      key("u/plus+and%percent&amp"), key("u/Ωmega~tilde"), key("u/x.y.z"));

  protected static RemoteKey key(String s) {
    return RemoteKey.of(s);
  }

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] slice(byte[] b, int off, int len) {
    return java.util.Arrays.copyOfRange(b, off, off + len);
  }
}
