package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.bench.CountingProxy;
import io.datafs.remote.s3.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry on S3 (S3Proxy in this JVM, behind a proxy that counts requests and bytes on the wire) used by its URL:
 * get of one file or one directory of a 1 GiB version fetches about that part's bytes, with no store; import-version,
 * then update once the source publishes, fetch only the chunks the store lacks.
 */
class RegistryS3Test {
  static final String BUCKET = "registry";
  static final int PART = 150 << 20;
  static final int PARTS = 6;
  static final int DIR_FILES = 100;
  static final int DIR_FILE = 1 << 20;
  static final int SMALL_FILES = 200;
  static final int SMALL = 100_000;
  static final int DOG = 1 << 20;
  static final int DOGS = 20;
  static final int SPAN = 16 << 20;
  @TempDir static Path shared;
  static S3ProxyServer s3;
  static CountingProxy proxy;
  static Path src;
  static Path dogs;
  static Datafs writer;
  static String url;
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  /** A 1 GiB version (big) and a small one (dogs), generated and pushed once. */
  @BeforeAll
  static void published() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
    proxy = new CountingProxy(s3.port());
    url = "s3://" + BUCKET + "/teams/ml";
    src = shared.resolve("src");
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < PARTS; i++) random(src.resolve("big/part-" + i + ".bin"), PART, rnd);
    for (int i = 0; i < DIR_FILES; i++) random(src.resolve(String.format("dir/%03d.bin", i)), DIR_FILE, rnd);
    for (int i = 0; i < SMALL_FILES; i++) random(src.resolve(String.format("small/%04d.bin", i)), SMALL, rnd);
    dogs = shared.resolve("dogs");
    for (int i = 0; i < DOGS; i++) random(dogs.resolve("d" + i + ".bin"), DOG, rnd);
    writer = s3(new Datafs(shared.resolve("writer")));
    writer.ok("remote", "add", "origin", url, "--endpoint", proxy.endpoint());
    writer.ok("import", src.toString(), "big");
    writer.ok("import", dogs.toString(), "dogs");
    writer.ok("dataset", "set", "big", "--description", "a GiB of parts", "--meta", "owner=vision");
    writer.ok("push");
    try (Stream<Path> parts = Files.list(src.resolve("big"))) {
      for (Path p : parts.toList()) Files.delete(p); // most of a GiB less on the disk; their hashes are in the version
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (writer != null) writer.stopDaemon();
    if (proxy != null) proxy.close();
    if (s3 != null) s3.close();
  }

  static Datafs s3(Datafs d) {
    return d.withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL)
        .withEnv("AWS_REGION", "us-east-1");
  }

  /** Requests and bytes down the wire of one command. */
  record Wire(long requests, long bytes) {
    Wire minus(Wire o) {
      return new Wire(requests - o.requests, bytes - o.bytes);
    }
  }

  static Wire counted(Datafs d, String... args) {
    proxy.reset();
    d.ok(args);
    return new Wire(proxy.requests(), proxy.bytesDown());
  }

  @Test
  void aFileOrADirectoryOfAGibVersionIsGotByItsBytesAloneWithNoStore() throws Exception {
    Storeless client = Storeless.in(tmp);
    Datafs c = s3(client.datafs);
    String endpoint = proxy.endpoint();
    long version = writer.ok("show", "big", "--json").json().get("totals").get("bytes").asLong();
    Wire listing = counted(c, "ls", url, "big@v1", "-R", "--json", "--endpoint", endpoint);
    assertEquals(writer.ok("ls", "big@v1", "-R", "--json").json(),
        c.ok("ls", url, "big@v1", "-R", "--json", "--endpoint", endpoint).json());
    assertTrue(listing.bytes < version / 1000, "listing reads metadata only: " + listing);

    // the dataset's own metadata, read from S3 by a client with no store
    String described = c.ok("datasets", url, "--where", "owner == 'vision'", "--endpoint", endpoint).stdout();
    assertTrue(described.startsWith("big ") && described.contains("a GiB of parts"), described);

    Path out = tmp.resolve("out");
    Wire file = counted(c, "get", url, "big@v1:small/0123.bin", out.resolve("0123.bin").toString(),
        "--endpoint", endpoint).minus(listing);
    assertEquals(Trees.sha256(src.resolve("small/0123.bin")), Trees.sha256(out.resolve("0123.bin")));
    Wire dir = counted(c, "get", url, "big@v1:dir", out.resolve("dir").toString(), "--endpoint", endpoint)
        .minus(listing);
    Trees.assertSameTree(src.resolve("dir"), out.resolve("dir"));
    String want = writer.ok("ls", "-l", "big", "big/part-2.bin").stdout().split(" +")[2];
    Wire part = counted(c, "get", url, "big@v1:big/part-2.bin", out.resolve("part").toString(), "--endpoint", endpoint)
        .minus(listing);
    assertEquals(want, Trees.sha256(out.resolve("part")));
    System.err.printf("get from a %d-byte version over S3: metadata %d bytes in %d requests; beyond it, a %d-byte file "
        + "%d bytes in %d requests, a %d-byte directory %d bytes in %d requests, a %d-byte file %d bytes in %d "
        + "requests%n", version, listing.bytes, listing.requests, SMALL, file.bytes, file.requests,
        (long) DIR_FILES * DIR_FILE, dir.bytes, dir.requests, PART, part.bytes, part.requests);

    assertBetween(SMALL, SMALL + 4096, file.bytes, "one small file: its bytes");
    assertBetween(1, 1, file.requests, "one small file: one ranged read");
    long dirBytes = (long) DIR_FILES * DIR_FILE;
    assertBetween(dirBytes, dirBytes + dirBytes / 100, dir.bytes, "a directory: its files' bytes");
    // reads of up to 16 MiB; files of 256 KiB to 4 MiB that import chunked at the same time have their chunks
    // interleaved in a pack, which cuts some reads shorter
    assertBetween(dirBytes / SPAN, dirBytes / (4 << 20), dir.requests, "a directory: reads of 4 to 16 MiB");
    assertBetween(PART, PART + PART / 100, part.bytes, "a large file: its bytes");
    assertBetween(PART / SPAN, 2 * PART / SPAN, part.requests, "a large file: reads of 8 to 16 MiB");
    client.assertNothingLeft();
  }

  @Test
  void anImportFetchesTheVersionOnceAndAnUpdateOnlyWhatTheSourceAdded() throws Exception {
    Datafs reader = s3(homes.at(tmp.resolve("reader")));
    String endpoint = proxy.endpoint();
    Wire first = counted(reader, "import-version", url, "dogs", "--as", "pets", "--endpoint", endpoint);
    long all = (long) DOGS * DOG;
    assertBetween(all, all + all / 50 + (256 << 10), first.bytes, "the version's bytes, and its metadata");

    random(dogs.resolve("new.bin"), 2 * DOG, new SplittableRandom(8));
    writer.ok("import", dogs.toString(), "dogs");
    writer.ok("push");
    proxy.reset();
    String updated = reader.ok("update", "pets").stdout();
    Wire update = new Wire(proxy.requests(), proxy.bytesDown());
    System.err.printf("import-version of a %d-byte version over S3: %s; update adding a %d-byte file: %s%n", all, first,
        2 * DOG, update);
    assertTrue(updated.startsWith("imported " + url + " dogs@v2 as pets@v2  21 files, "), updated);
    assertBetween(2 * DOG, 2 * DOG + (256 << 10), update.bytes, "only the new file's chunks, and metadata");

    Wire again = counted(reader, "update", "pets");
    assertTrue(again.bytes < 32 << 10, "up to date: records read, no pack: " + again);
    assertEquals("pets is up to date: pets@v2 is dogs@v2 of " + url + ", its latest\n",
        reader.ok("update", "pets").stdout());
    List<String> log = reader.ok("log", "pets", "--sources").lines();
    assertTrue(log.get(0).endsWith("  <- " + url + " dogs@v2") && log.get(1).endsWith("  <- " + url + " dogs@v1"),
        String.join("\n", log));

    // afterwards a version like any other: pushed to another registry, and got from there as the source is
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    reader.ok("remote", "add", "elsewhere", elsewhere.toString());
    reader.ok("push", "--remote", "elsewhere");
    Path out = tmp.resolve("out");
    reader.ok("get", elsewhere.toString(), "pets", out.toString());
    Trees.assertSameTree(dogs, out);
  }

  static void assertBetween(long low, long high, long actual, String what) {
    assertTrue(actual >= low && actual <= high, what + ": " + actual + " not in [" + low + ", " + high + "]");
  }

  private static void random(Path file, int size, SplittableRandom rnd) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int left = size; left > 0; left -= buf.length) {
        for (int i = 0; i < buf.length; i += 8) {
          long r = rnd.nextLong();
          for (int k = 0; k < 8; k++) buf[i + k] = (byte) (r >>> (8 * k));
        }
        out.write(buf, 0, Math.min(left, buf.length));
      }
    }
  }
}
