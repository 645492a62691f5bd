package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.bench.CountingProxy;
import io.datafs.remote.s3.S3ProxyServer;
import io.datafs.core.id.ObjectId;
import io.datafs.core.lazy.LocatedObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only mount of a remote version from a fresh home fetches its records and its root's located object
 * ({@code tree/}) only, and each directory's pages as it is read: counted on the wire in front of S3Proxy against an
 * eager metadata pull. A located object that is missing or damaged fails its directory alone with EIO and one log
 * line; a remote an older datafs pushed (no {@code tree/}) still mounts, through a metadata pull.
 */
class LazyTreeMountTest {
  static final String BUCKET = "lazytree";
  static final int DIRS = 24;
  static final int FILES = 25;
  private static S3ProxyServer s3;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) s3.close();
  }

  @Test
  void aFreshHomeFetchesTheRootOnlyThenEachDirectoryAsItIsRead() throws Exception {
    Fuse.require();
    Path src = Trees.sample(tmp.resolve("src"));
    for (int d = 0; d < DIRS; d++) {
      for (int f = 0; f < FILES; f++) {
        Trees.write(src.resolve(String.format("dir%02d/file%03d.txt", d, f)), Trees.random(d * 1000L + f, 200));
      }
    }
    try (CountingProxy proxy = new CountingProxy(s3.port())) {
      String url = "s3://" + BUCKET + "/wire";
      Datafs writer = s3Home("writer", url, proxy);
      writer.ok("import", src.toString(), "cats");
      writer.ok("push");

      Datafs eager = s3Home("eager", url, proxy);
      proxy.reset();
      eager.ok("pull", "cats", "--metadata-only");
      long eagerBytes = proxy.bytesDown();
      long eagerRequests = proxy.requests();

      Datafs lazy = s3Home("lazy", url, proxy);
      lazy.ok("mounts"); // its daemon runs: the mount is counted alone
      Path mnt = Files.createDirectories(tmp.resolve("mnt"));
      proxy.reset();
      String mounted = lazy.ok("mount", "cats", mnt.toString()).stdout();
      long mountBytes = proxy.bytesDown();
      long mountRequests = proxy.requests();
      System.err.printf("mount of a %d-file version from a fresh home: lazily %d bytes in %d requests; an eager"
          + " metadata pull: %d bytes in %d requests%n", DIRS * FILES, mountBytes, mountRequests, eagerBytes,
          eagerRequests);
      assertTrue(mounted.startsWith("fetched the metadata of cats@v1 from origin") && mounted.contains("root only"),
          mounted);
      assertTrue(mountBytes * 8 < eagerBytes, mountBytes + " bytes fetched by the mount, " + eagerBytes + " eagerly");
      assertTrue(mountRequests <= eagerRequests, mountRequests + " requests, " + eagerRequests + " eagerly");

      proxy.reset();
      assertEquals(FILES, Files.list(mnt.resolve("dir07")).count());
      assertTrue(proxy.requests() >= 1 && proxy.requests() <= 4, proxy.requests() + " requests for one directory");
      Trees.assertSameTree(src, mnt); // every directory, every byte, each checked
      lazy.ok("umount", mnt.toString());

      // a writable mount of the lazy version fetches the rest of its tree first: a commit builds on all of it
      String writable = lazy.ok("mount", "cats", mnt.toString(), "--writable").stdout();
      assertTrue(writable.startsWith("fetched the rest of cats@v1's metadata"), writable);
      Files.writeString(mnt.resolve("dir03/new.txt"), "new");
      lazy.ok("commit", mnt.toString(), "-m", "one more");
      lazy.ok("umount", mnt.toString());
      assertEquals("new", lazy.ok("cat", "cats@v2", "dir03/new.txt").stdout());
      assertArrayEquals(Files.readAllBytes(src.resolve("dir20/file007.txt")),
          lazy.ok("cat", "cats@v2", "dir20/file007.txt").out());
    }
  }

  @Test
  void aMissingOrDamagedTreeObjectFailsItsDirectoryOnlyAndAnOldStyleRemoteStillMounts() throws Exception {
    Fuse.require();
    Path src = Trees.sample(tmp.resolve("src"));
    Trees.write(src.resolve("broken/only-in-broken.txt"), "b".getBytes(StandardCharsets.UTF_8));
    Trees.write(src.resolve("damaged/only-in-damaged.txt"), "d".getBytes(StandardCharsets.UTF_8));
    Trees.write(src.resolve("fine/only-in-fine.txt"), "fine".getBytes(StandardCharsets.UTF_8));
    Path folder = Files.createDirectories(tmp.resolve("remote"));
    Datafs writer = homes.at(tmp.resolve("writer"));
    writer.ok("remote", "add", "origin", folder.toString());
    writer.ok("import", src.toString(), "dogs");
    writer.ok("push");
    Files.delete(treeObjectHolding(folder, "only-in-broken.txt"));
    Path damaged = treeObjectHolding(folder, "only-in-damaged.txt");
    try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
      long at = f.length() - 2; // in its zstd frame's checksum: it no longer decodes
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }

    Datafs reader = homes.at(tmp.resolve("reader"));
    reader.ok("remote", "add", "origin", folder.toString());
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    assertTrue(reader.ok("mount", "dogs", mnt.toString()).stdout().contains("root only"));
    for (String dir : List.of("broken", "damaged")) {
      Trees.Shell ls = Trees.sh("ls", mnt.resolve(dir).toString());
      assertNotEquals(0, ls.exit(), ls.out());
      assertTrue(ls.out().contains("Input/output error"), ls.out());
    }
    assertEquals("fine", Files.readString(mnt.resolve("fine/only-in-fine.txt")));
    String log = Files.readString(reader.home().resolve("daemon.log"));
    List<String> eio = log.lines().filter(l -> l.contains("answered EIO")).toList();
    assertTrue(eio.stream().anyMatch(l -> l.contains(" /broken answered EIO") && l.contains("is not on remote")),
        log);
    assertTrue(eio.stream().anyMatch(l -> l.contains(" /damaged answered EIO") && l.contains("is corrupt")), log);
    assertFalse(eio.stream().anyMatch(l -> l.contains("/fine")), log);
    assertEquals(eio.size(), eio.stream().distinct().count(), "one line per failed call: " + eio);
    reader.ok("umount", mnt.toString());

    deleteTree(folder.resolve("tree")); // as an older datafs pushed it
    Datafs old = homes.at(tmp.resolve("old"));
    old.ok("remote", "add", "origin", folder.toString());
    String mounted = old.ok("mount", "dogs", mnt.toString()).stdout();
    assertTrue(mounted.startsWith("fetched the metadata of dogs@v1 from origin") && !mounted.contains("root only"),
        mounted);
    Trees.assertSameTree(src, mnt);
    assertArrayEquals("b".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(mnt.resolve("broken/only-in-broken.txt")));
    old.ok("umount", mnt.toString());

    // a chain whose v1 an older datafs pushed and whose v2 this one did: v2 mounts lazily, v1 is pulled when mounted
    Path src2 = Files.createDirectories(tmp.resolve("src2"));
    Trees.write(src2.resolve("fine/only-in-v2.txt"), "two".getBytes(StandardCharsets.UTF_8));
    writer.ok("import", src2.toString(), "dogs");
    writer.ok("push");
    Datafs chain = homes.at(tmp.resolve("chain"));
    chain.ok("remote", "add", "origin", folder.toString());
    assertTrue(chain.ok("mount", "dogs@v2", mnt.toString()).stdout().contains("root only"));
    assertEquals("two", Files.readString(mnt.resolve("fine/only-in-v2.txt")));
    chain.ok("umount", mnt.toString());
    String v1 = chain.ok("mount", "dogs@v1", mnt.toString()).stdout();
    assertTrue(v1.startsWith("fetched the rest of dogs@v1's metadata") && v1.contains("older datafs"), v1);
    Trees.assertSameTree(src, mnt);
    chain.ok("umount", mnt.toString());
  }

  private Datafs s3Home(String name, String url, CountingProxy proxy) {
    Datafs d = homes.at(tmp.resolve(name)).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL).withEnv("AWS_REGION", "us-east-1");
    d.ok("remote", "add", "origin", url, "--endpoint", proxy.endpoint());
    return d;
  }

  /** The located object of the one directory whose page holds {@code name}. */
  private static Path treeObjectHolding(Path folder, String name) throws IOException {
    byte[] want = name.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> s = Files.walk(folder.resolve("tree"))) {
      List<Path> found = s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")) // not the listing files beside them
          .filter(p -> contains(objectOf(p), want)).toList();
      assertEquals(1, found.size(), "located objects holding " + name + ": " + found);
      return found.get(0);
    }
  }

  /** The page or chunk list a located object holds (compressed in it). */
  private static byte[] objectOf(Path file) {
    try {
      ObjectId id = ObjectId.fromHex(file.getFileName().toString());
      return LocatedObject.decode(id, Files.readAllBytes(file)).object();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean contains(byte[] b, byte[] want) {
    {
      outer:
      for (int i = 0; i + want.length <= b.length; i++) {
        for (int j = 0; j < want.length; j++) if (b[i + j] != want[j]) continue outer;
        return true;
      }
      return false;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
