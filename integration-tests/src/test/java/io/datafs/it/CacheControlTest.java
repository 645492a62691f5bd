package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.bench.CountingProxy;
import io.datafs.remote.s3.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache control and prefetch on a lazy home reading S3Proxy through a counting proxy: one push (cats@v1, and cats@v2
 * adding extra/ and changing one file) serves every test; each test has its own reader home and proxy.
 */
class CacheControlTest {
  static final String BUCKET = "cachectl";
  static final int TRAIN = 30;
  static final int VAL = 10;
  static final int EXTRA = 8;
  static final int FILE_SIZE = 150_000;
  static final int BIG_SIZE = 12 << 20;
  private static S3ProxyServer s3;
  private static Path src;
  private static Path src2;
  private static Datafs writer;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  CountingProxy proxy;
  Datafs reader;

  @BeforeAll
  static void pushTwoVersions(@TempDir Path dir) throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
    src = dir.resolve("src");
    for (int i = 0; i < TRAIN; i++) write(src, String.format("train/%03d.bin", i), i);
    for (int i = 0; i < VAL; i++) write(src, String.format("val/%03d.bin", i), 100 + i);
    Trees.write(src.resolve("big.bin"), Trees.random(7, BIG_SIZE));
    src2 = dir.resolve("src2");
    assertEquals(0, Trees.sh("cp", "-a", src.toString(), src2.toString()).exit());
    for (int i = 0; i < EXTRA; i++) write(src2, String.format("extra/%03d.bin", i), 200 + i);
    Trees.write(src2.resolve("val/000.bin"), Trees.random(300, FILE_SIZE)); // changed
    writer = s3Home(new Datafs(dir.resolve("writer")));
    writer.ok("remote", "add", "origin", "s3://" + BUCKET + "/cats", "--endpoint", "http://127.0.0.1:" + s3.port());
    writer.ok("import", src.toString(), "cats");
    writer.ok("import", src2.toString(), "cats");
    writer.ok("push");
    writer.stopDaemon();
  }

  private static void write(Path root, String path, int seed) {
    Trees.write(root.resolve(path), Trees.random(seed, FILE_SIZE));
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) s3.close();
  }

  @BeforeEach
  void readerThroughAProxy() throws Exception {
    proxy = new CountingProxy(s3.port());
    reader = s3Home(homes.at(tmp.resolve("reader")));
    reader.ok("remote", "add", "origin", "s3://" + BUCKET + "/cats", "--endpoint", proxy.endpoint());
  }

  @AfterEach
  void closeProxy() {
    if (proxy != null) proxy.close();
  }

  private static Datafs s3Home(Datafs d) {
    return d.withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL).withEnv("AWS_REGION", "us-east-1");
  }

  @Test
  void pinnedChunksSurviveAPruneAndADaemonRestart() throws Exception {
    reader.ok("prefetch", "cats@v1"); // everything cached
    String pinned = reader.ok("cache", "pin", "cats@v1", "train/**").stdout();
    assertTrue(pinned.startsWith("pinned cats@v1 train/**: " + TRAIN + " files"), pinned);
    String none = reader.fails(1, "cache", "pin", "cats@v1", "nothing/**");
    assertEquals("datafs: no file of cats@v1 matches 'nothing/**': nothing pinned", none);

    reader.ok("cache", "prune", "--to", "0");
    JsonNode c = reader.ok("cache", "--json").json();
    assertEquals((long) TRAIN * FILE_SIZE, c.get("bytes").asLong(), c.toString()); // one chunk a file: the pinned
    assertEquals(c.get("bytes").asLong(), c.get("pinnedBytes").asLong());
    assertEquals("cats", c.get("datasets").get(0).get("dataset").asText());
    assertEquals((long) TRAIN * FILE_SIZE, c.get("datasets").get(0).get("cachedBytes").asLong());

    reader.ok("daemon", "stop"); // pins outlive the daemon
    reader.ok("cache", "clear");
    proxy.reset();
    assertArrayEquals(Files.readAllBytes(src.resolve("train/017.bin")),
        reader.ok("cat", "cats@v1", "train/017.bin").out());
    assertEquals(0, proxy.requests(), "a pinned file read from the cache");
    assertArrayEquals(Files.readAllBytes(src.resolve("val/003.bin")), reader.ok("cat", "cats@v1", "val/003.bin").out());
    assertTrue(proxy.requests() > 0, "an unpinned one was evicted and fetched again");

    assertEquals("unpinned cats@v1 train/**", reader.ok("cache", "unpin", "cats@v1", "train/**").stdout().strip());
    reader.ok("cache", "clear");
    assertEquals(0, reader.ok("cache", "--json").json().get("bytes").asLong());
    reader.fails(1, "cache", "unpin", "cats@v1");
  }

  @Test
  void clearingTheCacheUnderAReaderLeavesItReadingAndAMountSharesAPrefetchsFetches() throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    reader.ok("mount", "cats@v1", mnt.toString());
    byte[] want = Files.readAllBytes(src.resolve("big.bin"));
    byte[] got = new byte[want.length];
    try (InputStream in = Files.newInputStream(mnt.resolve("big.bin"))) {
      int first = in.readNBytes(got, 0, 1 << 20); // the mount fetched the file ahead into the cache meanwhile
      String cleared = reader.ok("cache", "clear").stdout();
      assertTrue(cleared.startsWith("cleared the chunk cache: freed "), cleared);
      proxy.reset();
      in.readNBytes(got, first, want.length - first);
    }
    assertArrayEquals(want, got, "the whole file, read across the clear");
    assertTrue(proxy.requests() > 0, "what the clear evicted was fetched again");

    // a prefetch of the whole version while the mount reads all of it: each chunk comes over the wire once
    proxy.reset();
    Datafs.Running prefetch = reader.start("prefetch", "cats@v1");
    Trees.assertSameTree(src, mnt);
    assertEquals(0, prefetch.await().exit());
    long data = (long) (TRAIN + VAL) * FILE_SIZE + BIG_SIZE;
    assertTrue(proxy.bytesDown() < data * 6 / 5, proxy.bytesDown() + " bytes on the wire for " + data + " of content");
  }

  @Test
  void whatWasPrefetchedOrPulledReadsWithTheRemoteStoppedAndNothingElseDoes() throws Exception {
    reader.ok("prefetch", "cats@v2", "train", "extra/**");
    // a large file's chunks are a pack of their own: pulling it pulls nothing else
    String pulled = reader.ok("pull", "cats@v2", "big.bin").stdout();
    assertTrue(pulled.contains("pulled the content of 1 file (12.0 MiB) of cats@v2 from origin")
        && pulled.contains(": 1 pack, 12.0 MiB; the rest is fetched when read"), pulled);
    assertEquals("datafs: no file of cats@v2 matches 'nothing/**': no content pulled",
        reader.fails(1, "pull", "cats@v2", "nothing/**"));
    proxy.close(); // the remote is unreachable from now on
    assertArrayEquals(Files.readAllBytes(src2.resolve("big.bin")), reader.ok("cat", "cats@v2", "big.bin").out());
    reader.ok("daemon", "stop"); // nothing in the daemon's memory: the chunk cache on disk only
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    reader.ok("mount", "cats@v2", mnt.toString());
    for (int i = 0; i < TRAIN; i++) {
      String f = String.format("train/%03d.bin", i);
      assertArrayEquals(Files.readAllBytes(src2.resolve(f)), Files.readAllBytes(mnt.resolve(f)), f);
    }
    for (int i = 0; i < EXTRA; i++) {
      String f = String.format("extra/%03d.bin", i);
      assertArrayEquals(Files.readAllBytes(src2.resolve(f)), Files.readAllBytes(mnt.resolve(f)), f);
    }
    assertArrayEquals(Files.readAllBytes(src2.resolve("big.bin")), Files.readAllBytes(mnt.resolve("big.bin")));
    assertThrows(IOException.class, () -> Files.readAllBytes(mnt.resolve("val/004.bin")));
  }

  @Test
  void thePlanFiguresAreWhatThePrefetchFetchesOnTheWire() throws Exception {
    JsonNode plan = planOf("prefetch", "cats@v1", "val", "big.bin", "--plan", "--json");
    assertEquals(VAL + 1, plan.get("files").asInt());
    assertEquals((long) VAL * FILE_SIZE + BIG_SIZE, plan.get("fileBytes").asLong());
    proxy.reset();
    reader.ok("prefetch", "cats@v1", "val", "big.bin");
    assertWire(plan);
    assertEquals(0, planOf("prefetch", "cats@v1", "val", "big.bin", "--plan", "--json").get("chunks").asInt());
    assertTrue(planOf("prefetch", "cats@v1", "train/**", "--plan", "--json").has("estimateSeconds"),
        "a prefetch of 8 MiB or more measured the remote");

    // what v2 adds over v1: extra/ and the changed val/000.bin, not the chunks v1 has
    JsonNode since = planOf("prefetch", "cats@v2", "--since", "cats@v1", "--plan", "--json");
    assertEquals(EXTRA + 1, since.get("files").asInt(), since.toString());
    assertEquals(EXTRA + 1, since.get("chunks").asInt(), since.toString());
    proxy.reset();
    reader.ok("prefetch", "cats@v2", "--since", "cats@v1");
    assertWire(since);
    String plain = reader.ok("prefetch", "cats@v2", "--since", "cats@v1", "--plan").stdout();
    assertTrue(plain.contains("9 files") && plain.contains("0 chunks to fetch"), plain);
    String bad = reader.fails(1, "prefetch", "cats@v1", "nothing/**");
    assertEquals("datafs: no file of cats@v1 matches 'nothing/**'", bad);
  }

  @Test
  void twoHomesShareACacheDirAndAChunkFileRewrittenThereIsNeverServed() throws Exception {
    Path shared = tmp.resolve("shared");
    useCacheDir(reader, shared);
    Datafs other = s3Home(homes.at(tmp.resolve("other")));
    other.ok("remote", "add", "origin", "s3://" + BUCKET + "/cats", "--endpoint", proxy.endpoint());
    useCacheDir(other, shared);
    reader.ok("prefetch", "cats@v1", "val");
    other.ok("pull", "cats@v1", "--metadata-only");
    proxy.close(); // the other home reads the shared cache alone
    String chunk = Trees.sha256(src.resolve("val/005.bin")); // one chunk: the file's id
    Path file = shared.resolve("chunks").resolve(chunk.substring(0, 2)).resolve(chunk);
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    byte[] forged = Files.readAllBytes(file);
    forged[FILE_SIZE / 2] ^= 1;
    Files.write(file, forged); // as another user of the group could

    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    other.ok("mount", "cats@v1", mnt.toString());
    for (int i = 0; i < VAL; i++) {
      String f = String.format("val/%03d.bin", i);
      if (i == 5) assertThrows(IOException.class, () -> Files.readAllBytes(mnt.resolve(f)), "never the forged bytes");
      else assertArrayEquals(Files.readAllBytes(src.resolve(f)), Files.readAllBytes(mnt.resolve(f)), f);
    }
    assertTrue(Files.notExists(other.home().resolve("cache/chunks")), "nothing in the home's own cache");
  }

  private static void useCacheDir(Datafs home, Path dir) throws IOException {
    Path config = home.home().resolve("config.json");
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Files.readAllBytes(config));
    json.putObject("cache").put("dir", dir.toString());
    Files.write(config, new ObjectMapper().writeValueAsBytes(json));
  }

  /** A command's JSON output, the line the metadata fetch may print before it left out. */
  private JsonNode planOf(String... args) throws Exception {
    String out = reader.ok(args).stdout();
    return new ObjectMapper().readTree(out.substring(out.indexOf('{')));
  }

  /** The requests the plan named were made, and its bytes came, headers aside. */
  private void assertWire(JsonNode plan) {
    long requests = plan.get("requests").asLong();
    long bytes = plan.get("bytes").asLong();
    assertEquals(requests, proxy.requests(), "requests on the wire, planned " + plan);
    assertTrue(proxy.bytesDown() >= bytes && proxy.bytesDown() < bytes + requests * 2048,
        proxy.bytesDown() + " bytes on the wire, planned " + plan);
  }
}
