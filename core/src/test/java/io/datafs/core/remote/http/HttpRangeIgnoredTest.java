package io.datafs.core.remote.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.remote.RemoteKey;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read contract, unchanged, over nginx with {@code max_ranges 0}: every GET answers 200 with the whole object, and
 * ranged reads and streams still get exactly their range (skipped to, and cut after).
 */
class HttpRangeIgnoredTest extends HttpContract {
  @TempDir static Path dir;
  private static Nginx nginx;

  @BeforeAll
  static void start() throws Exception {
    nginx = Nginx.serve(Files.createDirectories(dir.resolve("www")), dir.resolve("nginx"), true);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) nginx.close();
  }

  @Override
  protected Nginx nginx() {
    return nginx;
  }

  @Override
  protected Path served() {
    return dir.resolve("www");
  }

  /** The server sends the whole object; the read takes its range and hangs up, far before the object's end. */
  @Test
  void aRangeTheServerIgnoresIsCutFromTheWholeObjectWhichIsNotReadToItsEnd() throws Exception {
    byte[] object = new byte[64 << 20];
    new Random(3).nextBytes(object);
    RemoteKey key = RemoteKey.of("packs/ab/big");
    writer().put(key, object);
    assertArrayEquals(Arrays.copyOfRange(object, 1_000_000, 1_000_100), remote().read(key, 1_000_000, 100));
    String served = awaitLine("/packs/ab/big range=bytes=1000000-1000099");
    assertTrue(served.startsWith("200 GET"), "the server ignored the range: " + served);
    long sent = Long.parseLong(served.substring(served.indexOf("sent=") + 5));
    assertTrue(sent < object.length / 2, "the rest of the object was not read: " + sent + " bytes sent");
  }

  private static String awaitLine(String part) throws Exception {
    for (int i = 0; i < 600; i++) { // nginx logs a request when it ends: soon after the client hangs up
      List<String> hits = nginx.accessLog().stream().filter(l -> l.contains(part)).toList();
      if (!hits.isEmpty()) return hits.get(0);
      Thread.sleep(100);
    }
    throw new AssertionError("no request for " + part + " in " + nginx.accessLog());
  }
}
