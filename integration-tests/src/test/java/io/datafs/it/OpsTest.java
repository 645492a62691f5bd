package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.bench.CountingProxy;
import io.datafs.remote.azure.Azurite;
import io.datafs.remote.s3.S3ProxyServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations: `datafs stats` and the Prometheus endpoint count what a lazy mount over S3 read (bytes against the file
 * sizes, remote requests against a proxy's count on the wire); a taken metrics address costs one log line, not the
 * daemon; and debug-level runs over S3, Azure and a presigned URL, with credentials in the environment (right and
 * wrong), leave no secret in any daemon log. One S3Proxy and one Azurite for the class.
 */
class OpsTest {
  static final String BUCKET = "ops";
  static final String CONTAINER = "ops";
  static final int FILES = 30;
  static final int SIZE = 70_000;
  static final String WRONG_S3_SECRET = "datafs-ops-wrong-secret-3b9e";
  static final String WRONG_AZURE_KEY = java.util.Base64.getEncoder().encodeToString(
      "datafs-ops-wrong-azure-key-of-sixty-four-bytes-5a1d7c3e9b2f4a6c".getBytes(StandardCharsets.US_ASCII));
  static final String PRESIGNED_SIGNATURE = "0ps5ignature4c2f";
  static final String PRESIGNED_CREDENTIAL = "AKIAOPSPRESIGNED";
  private static S3ProxyServer s3;
  private static Azurite azurite;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @BeforeAll
  static void startServers() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
    azurite = Azurite.shared(CONTAINER);
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (s3 != null) s3.close();
  }

  private Datafs s3Home(String name, String secret) {
    return homes.at(tmp.resolve(name)).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", secret).withEnv("AWS_REGION", "us-east-1").withEnv("DATAFS_LOG", "debug");
  }

  private Path source() throws IOException {
    Path src = tmp.resolve("src");
    for (int i = 0; i < FILES; i++) Trees.write(src.resolve(String.format("%03d.bin", i)), Trees.random(7 + i, SIZE));
    return src;
  }

  @Test
  void statsAndTheMetricsEndpointCountWhatAMountReadFromARemote() throws Exception {
    Fuse.require();
    try (CountingProxy proxy = new CountingProxy(s3.port())) {
      String url = "s3://" + BUCKET + "/stats";
      Datafs writer = s3Home("writer", S3ProxyServer.CREDENTIAL);
      writer.ok("remote", "add", "origin", url, "--endpoint", proxy.endpoint());
      writer.ok("import", source().toString(), "cats");
      writer.ok("push");
      writer.stopDaemon(); // one daemon at a time: the machine is small
      Datafs reader = s3Home("reader", S3ProxyServer.CREDENTIAL);
      reader.ok("remote", "add", "origin", url, "--endpoint", proxy.endpoint());
      int port = freePort();
      configureMetrics(reader, "127.0.0.1:" + port);
      reader.ok("daemon", "stop"); // the config is read when the daemon starts
      Path mnt = Files.createDirectories(tmp.resolve("mnt"));
      reader.ok("mount", "cats", mnt.toString());

      JsonNode before = reader.ok("stats", "--json", mnt.toString()).json();
      proxy.reset();
      long size = 0;
      try (Stream<Path> files = Files.list(mnt)) {
        for (Path f : files.sorted().toList()) size += Files.readAllBytes(f).length;
      }
      long wire = proxy.requests();
      JsonNode after = reader.ok("stats", "--json", mnt.toString()).json();

      assertEquals((long) FILES * SIZE, size);
      JsonNode fuse = after.get("mounts").get(0).get("fuse");
      assertEquals(size, fuse.get("bytesRead").asLong() - before.get("total").get("bytesRead").asLong(),
          "bytes read through FUSE are the files' sizes");
      assertTrue(fuse.get("operations").get("read").asLong() >= FILES, after.toPrettyString());
      assertEquals(mnt.toString(), after.get("mounts").get(0).get("dir").asText());
      assertEquals("cats@v1", after.get("mounts").get(0).get("dataset").asText());
      JsonNode remote = after.get("remote");
      assertTrue(wire > 0, "the reads went to the remote");
      assertEquals(wire, remote.get("requests").asLong() - before.get("remote").get("requests").asLong(),
          "remote requests are those the proxy counted on the wire");
      assertTrue(remote.get("fetchMillisP50").asDouble() > 0, remote.toPrettyString());
      assertTrue(remote.get("fetchMillisP99").asDouble() >= remote.get("fetchMillisP50").asDouble());
      assertTrue(after.get("cache").get("diskMisses").asLong() > 0, after.toPrettyString());

      Map<String, Double> metrics = scrape(port);
      String labels = "{mount=\"" + mnt + "\",dataset=\"cats@v1\"}";
      assertEquals(fuse.get("bytesRead").asDouble(), metrics.get("datafs_fuse_read_bytes_total" + labels));
      assertEquals(remote.get("requests").asDouble(), metrics.get("datafs_remote_requests_total"));
      assertEquals(remote.get("requests").asDouble(), metrics.get("datafs_remote_fetch_seconds_count"));
      assertEquals(remote.get("requests").asDouble(), metrics.get("datafs_remote_fetch_seconds_bucket{le=\"+Inf\"}"));
      reader.ok("umount", mnt.toString());
      assertNoSecret(List.of(writer, reader), S3ProxyServer.CREDENTIAL);
    }
  }

  @Test
  void aTakenMetricsAddressIsOneLogLineAndTheDaemonServesOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Datafs d = homes.at(tmp.resolve("taken"));
      d.ok("init");
      configureMetrics(d, String.valueOf(taken.getLocalPort()));
      d.ok("daemon", "stop");
      d.ok("import", source().toString(), "cats");
      assertTrue(d.ok("stats").stdout().startsWith("total: 0 mount(s)"));
      assertEquals("datafs: not mounted by datafs: " + tmp.resolve("nope"), d.fails(1, "stats", tmp.resolve("nope")
          .toString()));
      List<String> said = Files.readAllLines(d.home().resolve("daemon.log")).stream()
          .filter(l -> l.contains("cannot serve metrics on")).toList();
      assertEquals(1, said.size(), String.join("\n", said));
      Path config = d.home().resolve("config.json");
      String where = ":" + taken.getLocalPort() + " (metrics.listen in " + config + "): ";
      assertTrue(said.get(0).contains(where), said.get(0));
      assertTrue(said.get(0).endsWith("the daemon runs without them"), said.get(0));
    }
  }

  @Test
  void noSecretReachesADaemonLogOfARemoteRunAtDebugLevel() throws Exception {
    Fuse.require();
    Path src = source();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    // Azure: a connection string with the account key in the environment, right and wrong
    String azurl = "az://" + CONTAINER + "/secrets";
    Datafs aza = azureHome("aza", azurite.connectionString(Azurite.KEY));
    aza.ok("remote", "add", "origin", azurl);
    aza.ok("import", src.toString(), "cats");
    aza.ok("push");
    aza.stopDaemon(); // one daemon at a time: the machine is small
    Datafs azb = azureHome("azb", azurite.connectionString(Azurite.KEY));
    azb.ok("remote", "add", "origin", azurl);
    azb.ok("mount", "cats", mnt.toString());
    Trees.assertSameTree(src, mnt);
    azb.ok("umount", mnt.toString());
    azb.stopDaemon();
    Datafs azwrong = azureHome("azwrong", azurite.connectionString(WRONG_AZURE_KEY));
    azwrong.ok("remote", "add", "origin", azurl);
    azwrong.fails(1, "datasets", "--remote");
    azwrong.stopDaemon();

    // S3: a wrong secret in the environment (the right one is the other test's)
    Datafs s3wrong = s3Home("s3wrong", WRONG_S3_SECRET);
    s3wrong.ok("remote", "add", "origin", "s3://" + BUCKET + "/secrets", "--endpoint", "http://127.0.0.1:" + s3.port());
    s3wrong.fails(1, "datasets", "--remote");
    s3wrong.stopDaemon();

    // a presigned URL: its signature and credential are in the query; S3Proxy refuses it at once
    Datafs presigned = homes.at(tmp.resolve("presigned")).withEnv("DATAFS_LOG", "debug");
    presigned.ok("init");
    presigned.run("remote", "add", "signed", "http://127.0.0.1:" + s3.port() + "/" + BUCKET + "/registry"
        + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + PRESIGNED_CREDENTIAL
        + "%2F20261207%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=" + PRESIGNED_SIGNATURE);
    presigned.run("datasets", "--remote", "signed");
    presigned.stopDaemon(); // its last lines are written

    assertNoSecret(List.of(aza, azb, azwrong, s3wrong, presigned), Azurite.KEY, WRONG_AZURE_KEY, WRONG_S3_SECRET,
        PRESIGNED_SIGNATURE, PRESIGNED_CREDENTIAL);
  }

  private Datafs azureHome(String name, String connectionString) {
    return homes.at(tmp.resolve(name)).withEnv("AZURE_STORAGE_CONNECTION_STRING", connectionString)
        .withEnv("DATAFS_LOG", "debug");
  }

  /** Every daemon.log* of these homes: read, non-empty, and free of each secret. */
  private static void assertNoSecret(List<Datafs> homes, String... secrets) throws IOException {
    long lines = 0;
    for (Datafs d : homes) {
      try (Stream<Path> files = Files.list(d.home())) {
        for (Path log : files.filter(f -> f.getFileName().toString().startsWith("daemon.log")).toList()) {
          String text = Files.readString(log, StandardCharsets.ISO_8859_1);
          lines += text.lines().count();
          for (String secret : secrets) assertFalse(text.contains(secret), secret + " in " + log + ":\n" + text);
        }
      }
    }
    assertTrue(lines > homes.size(), "the logs were written: " + lines + " lines");
  }

  private static void configureMetrics(Datafs d, String listen) throws IOException {
    Path config = d.home().resolve("config.json");
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = Files.exists(config) ? (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(config.toFile())
        : mapper.createObjectNode();
    root.putObject("metrics").put("listen", listen);
    Files.writeString(config, mapper.writeValueAsString(root)); // in place: its owner and mode stay
    Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\",?)*})? (\\S+)");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)");

  /**
   * GET /metrics, parsed as Prometheus's text format: every line a HELP, a TYPE or a sample of a declared family with
   * a number for its value. Returns the samples by name and labels as written.
   */
  private static Map<String, Double> scrape(int port) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL()
        .openConnection();
    assertEquals(200, c.getResponseCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", c.getHeaderField("Content-Type"));
    String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Set<String> families = new HashSet<>();
    Map<String, Double> samples = new HashMap<>();
    List<String> bad = new ArrayList<>();
    for (String line : body.split("\n")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        families.add(type.group(1));
        continue;
      }
      if (line.startsWith("# HELP ")) continue;
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        bad.add(line);
        continue;
      }
      String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
      if (!families.contains(m.group(1)) && !families.contains(family)) bad.add("undeclared: " + line);
      samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
    }
    assertEquals(List.of(), bad, body);
    return samples;
  }
}
