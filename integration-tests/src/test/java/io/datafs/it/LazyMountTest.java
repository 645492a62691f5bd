package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.bench.CountingProxy;
import io.datafs.remote.s3.S3ProxyServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh home with only a remote configured mounts a version and reads it: metadata up front, each file's chunks by
 * ranged reads when read, counted on the wire by a proxy in front of S3Proxy. Damaged remote bytes give EIO; an
 * unreachable remote leaves cached content readable and fails the rest within seconds.
 */
class LazyMountTest {
  static final String BUCKET = "lazy";
  static final int SMALL_FILES = 200;
  static final int SMALL_SIZE = 100_000;
  private static S3ProxyServer s3;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  CountingProxy proxy;
  Path src;
  Path mnt;
  Datafs writer;
  Datafs reader;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) s3.close();
  }

  @BeforeEach
  void pushedThroughTheProxy() throws Exception {
    Fuse.require();
    proxy = new CountingProxy(s3.port());
    src = Trees.sample(tmp.resolve("src"));
    for (int i = 0; i < SMALL_FILES; i++) {
      Trees.write(src.resolve("many/" + String.format("%04d.bin", i)), Trees.random(1000 + i, SMALL_SIZE));
    }
    String url = "s3://" + BUCKET + "/t" + PREFIXES.incrementAndGet();
    writer = s3Home("writer");
    writer.ok("remote", "add", "origin", url, "--endpoint", proxy.endpoint());
    writer.ok("import", src.toString(), "cats");
    writer.ok("push");
    reader = s3Home("reader");
    reader.ok("remote", "add", "origin", url, "--endpoint", proxy.endpoint());
    mnt = Files.createDirectories(tmp.resolve("mnt"));
  }

  @AfterEach
  void closeProxy() {
    if (proxy != null) proxy.close();
  }

  private Datafs s3Home(String name) {
    return homes.at(tmp.resolve(name)).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL).withEnv("AWS_REGION", "us-east-1");
  }

  @Test
  void readingOneFileFetchesOnlyItsChunksAndACacheFileDamagedLaterIsFetchedAgain() throws Exception {
    long versionBytes = Trees.describe(src).size() > 0 ? sizeOf(src) : 0;
    proxy.reset();
    String mounted = reader.ok("mount", "cats", mnt.toString()).stdout();
    assertTrue(mounted.startsWith("fetched the metadata of cats@v1 from origin"), mounted);
    long metadataBytes = proxy.bytesDown();
    long metadataRequests = proxy.requests();
    assertEquals(SMALL_FILES, Files.list(mnt.resolve("many")).count());

    proxy.reset();
    byte[] one = Files.readAllBytes(mnt.resolve("many/0123.bin"));
    assertArrayEquals(Files.readAllBytes(src.resolve("many/0123.bin")), one);
    long fileBytes = proxy.bytesDown();
    long fileRequests = proxy.requests();
    System.err.printf("lazy mount of a %d-byte version over S3: metadata %d bytes in %d requests; one %d-byte file: "
        + "%d bytes in %d requests%n", versionBytes, metadataBytes, metadataRequests, SMALL_SIZE, fileBytes,
        fileRequests);
    assertTrue(fileRequests >= 1 && fileRequests <= 2, fileRequests + " requests");
    assertTrue(fileBytes < 2 * SMALL_SIZE, fileBytes + " bytes on the wire for one file");
    assertTrue(metadataBytes + fileBytes < versionBytes / 20, (metadataBytes + fileBytes) + " of " + versionBytes);

    Trees.assertSameTree(src, mnt); // everything else reads too, each chunk verified
    Path cache = reader.home().resolve("cache/chunks");
    try (Stream<Path> s = Files.walk(cache)) {
      assertTrue(s.filter(Files::isRegularFile).count() > SMALL_FILES, "chunks cached under " + cache);
    }

    // A cache file damaged after the daemon read (and checked) it: the next mount's read drops it and fetches it again.
    byte[] want = Files.readAllBytes(src.resolve("many/0005.bin"));
    String chunk = Trees.sha256(src.resolve("many/0005.bin")); // one chunk: the file's id
    Path cached = cache.resolve(chunk.substring(0, 2)).resolve(chunk);
    try (RandomAccessFile f = new RandomAccessFile(cached.toFile(), "rw")) {
      f.seek(SMALL_SIZE / 2); // in place
      int b = f.read();
      f.seek(SMALL_SIZE / 2);
      f.write(b ^ 0x01);
    }
    reader.ok("umount", mnt.toString());
    reader.ok("mount", "cats", mnt.toString()); // the same daemon: the kernel has nothing of this mount cached
    proxy.reset();
    assertArrayEquals(want, Files.readAllBytes(mnt.resolve("many/0005.bin")), "the right bytes, fetched again");
    assertTrue(proxy.requests() >= 1, "fetched from the remote again");
    assertEquals(want.length, Files.size(cached), "and cached again");
    String line = "cats@v1:/many/0005.bin: cache file " + cached + " of chunk " + chunk
        + " is damaged (it does not match the CRC32C it was cached with): dropped, fetching it again";
    String log = Files.readString(reader.home().resolve("daemon.log"));
    assertTrue(log.contains(line), log);
  }

  @Test
  void aShuffledPyTorchLoaderReadsEveryByteRightWhileTheMountWarmsTheVersion() throws Exception {
    Map<String, String> expected = new TreeMap<>(); // what torch_loader.py reads: the files below the root's dirs
    try (Stream<Path> s = Files.walk(src)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        if (src.relativize(f).getNameCount() > 1) expected.put(src.relativize(f).toString(), Trees.sha256(f));
      }
    }
    reader.ok("mount", "cats", mnt.toString());
    proxy.reset();
    long start = System.nanoTime();
    JsonNode loaded = PythonClientsTest.python(tmp, "torch_loader.py", mnt.toString(), "2");
    long requests = proxy.requests();
    System.err.printf("a shuffled DataLoader read %d files through a lazy S3 mount in %.1f s (python's start "
        + "included), in %d requests%n", expected.size(), (System.nanoTime() - start) / 1e9, requests);
    assertEquals(expected.size(), loaded.size());
    expected.forEach((rel, sha) -> assertEquals(sha, loaded.get(rel).get(1).asText(), rel));
    String log = Files.readString(reader.home().resolve("daemon.log"));
    assertTrue(log.contains("cats@v1: files opened in shuffled order: fetching the version"), log);
    // without the warm-up, each file is a ranged read of its own; with it, all but the first few come in large ones
    assertTrue(requests < expected.size() / 2, requests + " requests for " + expected.size() + " files");
  }

  @Test
  void aShuffledPyTorchLoaderThatGivesItsOrderAsAReadPlanReadsEveryByteRight() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> s = Files.walk(src)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        if (src.relativize(f).getNameCount() > 1) expected.put(src.relativize(f).toString(), Trees.sha256(f));
      }
    }
    reader.ok("mount", "cats", mnt.toString());
    proxy.reset();
    JsonNode loaded = PythonClientsTest.python(tmp, "torch_loader.py", mnt.toString(), "2",
        tmp.resolve("epoch-order.txt").toString());
    System.err.printf("a DataLoader following its read plan read %d files through a lazy S3 mount in %d requests%n",
        expected.size(), proxy.requests());
    assertEquals(expected.size(), loaded.size());
    expected.forEach((rel, sha) -> assertEquals(sha, loaded.get(rel).get(1).asText(), rel));
    String log = Files.readString(reader.home().resolve("daemon.log"));
    assertTrue(log.contains("cats@v1: following the read plan " + tmp.resolve("epoch-order.txt") + " ("
        + expected.size() + " files"), log);
    assertFalse(log.contains("files opened in shuffled order"), "the plan, not the warm-up's guess: " + log);
  }

  @Test
  void aReadPlanFetchesItsFilesAndNothingElseAndABadOneIsRefused() throws Exception {
    reader.ok("mount", "cats", mnt.toString());
    java.util.List<String> plan = new java.util.ArrayList<>();
    for (int i = 0; i < SMALL_FILES; i += 4) plan.add(String.format("many/%04d.bin", i)); // no two neighbours
    java.util.Collections.shuffle(plan, new java.util.Random(9));
    Path listing = Files.write(tmp.resolve("plan.txt"), plan);
    var attrs = Files.getFileAttributeView(mnt, java.nio.file.attribute.UserDefinedFileAttributeView.class);
    proxy.reset();
    Trees.Shell set = Trees.sh("getfattr", "--absolute-names", "--only-values", "-n",
        "user.datafs.readplan=" + listing, mnt.toString());
    assertEquals("following " + listing + ": " + plan.size() + " files", set.out().strip());
    String done = ": " + plan.size() + " files, 0 opened, " + plan.size() + " fetched";
    String status = "";
    for (int polls = 0; polls < 600 && !status.endsWith(done); polls++) { // a bound on the wait, not on its time
      Thread.sleep(100);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(attrs.size("datafs.readplan"));
      attrs.read("datafs.readplan", b);
      status = new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertEquals("following " + listing + done, status);
    long bytes = proxy.bytesDown();
    long requests = proxy.requests();
    System.err.printf("a read plan of %d files of %d bytes: %d bytes in %d requests%n", plan.size(), SMALL_SIZE,
        bytes, requests);
    // the listing's paths are looked up first: many/'s pages come from tree/, then the files' chunks from packs/; the
    // plan (5 MB) fits a quarter of the cache, so it comes in pack order, the holes between its files streamed past
    String packs = "GET /" + BUCKET + "/t\\d+/packs/.*";
    long packReads = proxy.requestLines().stream().filter(l -> l.matches(packs)).count();
    for (String line : proxy.requestLines()) {
      assertTrue(line.matches("GET /" + BUCKET + "/t\\d+/(packs|tree)/.*"), line);
    }
    assertTrue(packReads <= 3, packReads + " ranged reads of packs");
    assertTrue(bytes >= (long) plan.size() * SMALL_SIZE && bytes < 5L * plan.size() * SMALL_SIZE,
        bytes + " bytes: the plan's files and the holes between them");
    proxy.reset();
    for (String rel : plan) {
      assertArrayEquals(Files.readAllBytes(src.resolve(rel)), Files.readAllBytes(mnt.resolve(rel)), rel);
    }
    assertEquals(0, proxy.requests(), "every file of the plan came from the cache");
    byte[] outside = Files.readAllBytes(mnt.resolve("many/0001.bin"));
    assertArrayEquals(Files.readAllBytes(src.resolve("many/0001.bin")), outside);
    assertEquals(1, proxy.requests(), "a file outside the plan was not fetched ahead");

    Path missing = tmp.resolve("no-such-plan.txt");
    Trees.Shell refused = Trees.sh("getfattr", "-n", "user.datafs.readplan=" + missing, mnt.toString());
    assertNotEquals(0, refused.exit());
    assertTrue(refused.out().contains("Invalid argument"), refused.out());
    Path stranger = Files.writeString(tmp.resolve("stranger.txt"), "many/0002.bin\nmany/9999.bin\n");
    assertNotEquals(0, Trees.sh("getfattr", "-n", "user.datafs.readplan=" + stranger, mnt.toString()).exit());
    String log = Files.readString(reader.home().resolve("daemon.log"));
    assertTrue(log.contains("cats@v1: read plan refused: cannot read " + missing + ": no such file"), log);
    assertTrue(log.contains("cats@v1: read plan refused: " + stranger + " line 2: many/9999.bin is not a file of "
        + "cats@v1"), log);
    Trees.Shell get = Trees.sh("getfattr", "--absolute-names", "--only-values", "-n", "user.datafs.readplan",
        mnt.toString());
    assertTrue(get.out().startsWith("following " + listing), "the plan before is kept: " + get.out());
    Trees.assertSameTree(src, mnt); // and everything reads on
  }

  @Test
  void anUnreachableRemoteLeavesCachedFilesReadableAndFailsTheRestFast() throws Exception {
    reader.ok("mount", "cats", mnt.toString());
    byte[] cached = Files.readAllBytes(mnt.resolve("many/0001.bin"));
    proxy.close();
    reader.ok("umount", mnt.toString()); // a new mount: nothing served from the kernel's page cache
    reader.ok("daemon", "stop"); // nor from the daemon's memory: only the chunk cache on disk
    reader.ok("mount", "cats", mnt.toString());
    assertArrayEquals(cached, Files.readAllBytes(mnt.resolve("many/0001.bin")));

    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(mnt.resolve("many/0002.bin")));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds < 25, "an uncached read failed after " + seconds + " s");
    Trees.Shell cat = Trees.sh("cat", mnt.resolve("many/0003.bin").toString());
    assertNotEquals(0, cat.exit());
    assertTrue(cat.out().contains("Input/output error"), cat.out());
    System.err.println("uncached read with the remote unreachable failed after " + seconds + " s: " + e);

    String log = reader.fails(1, "log", "cats", "--remote");
    assertTrue(log.contains("is unreachable"), log);
    assertTrue(reader.fails(1, "cat", "cats", "many/0004.bin").contains("is unreachable"));
    assertTrue(Files.readString(reader.home().resolve("daemon.log")).contains("is unreachable"));
  }

  @Test
  void aDamagedPackOnTheRemoteIsEioNeverWrongBytes() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("folder-remote"));
    Path small = tmp.resolve("small");
    Trees.write(small.resolve("victim.bin"), Trees.random(1, 200_000)); // most of the data pack
    Trees.write(small.resolve("fine.txt"), "fine".getBytes());
    Datafs w = homes.at(tmp.resolve("w"));
    w.ok("remote", "add", "origin", folder.toString());
    w.ok("import", small.toString(), "dogs");
    w.ok("push");
    Path pack;
    try (Stream<Path> s = Files.walk(folder.resolve("packs"))) {
      pack = s.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x01);
    }
    Datafs r = homes.at(tmp.resolve("r"));
    r.ok("remote", "add", "origin", folder.toString());
    r.ok("mount", "dogs", mnt.toString());
    Trees.Shell cat = Trees.sh("cat", mnt.resolve("victim.bin").toString());
    assertNotEquals(0, cat.exit());
    assertTrue(cat.out().endsWith("Input/output error\n"), cat.out());
    assertFalse(cat.out().length() > 100, "no byte of the damaged chunk came through");
    assertEquals("fine", Files.readString(mnt.resolve("fine.txt")));
    String log = Files.readString(r.home().resolve("daemon.log"));
    assertTrue(log.contains("dogs@v1:/victim.bin: chunk ")
        && log.contains("does not match its hash, twice: not served; the read answers EIO"), log);
  }

  private static long sizeOf(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
