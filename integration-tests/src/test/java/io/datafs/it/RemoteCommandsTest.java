package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** datafs remote add, list and remove with the real launcher: config.json only, no daemon, one-line mistakes. */
class RemoteCommandsTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs datafs;
  Path home;

  @BeforeEach
  void freshHome() {
    home = tmp.resolve("home");
    datafs = homes.at(home);
  }

  @Test
  void addListRemove() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("registry"));
    assertEquals("added remote origin s3://bucket/teams/ml (default)",
        datafs.ok("remote", "add", "origin", "s3://bucket/teams/ml/", "--endpoint", "http://127.0.0.1:9000")
            .stdout().strip());
    assertEquals("added remote usb file://" + folder,
        datafs.ok("remote", "add", "usb", folder.toString()).stdout().strip());
    assertEquals("added remote blob az://datasets (default)",
        datafs.ok("remote", "add", "blob", "az://datasets", "--default").stdout().strip());

    assertEquals(List.of("* blob    az://datasets", "  origin  s3://bucket/teams/ml  endpoint http://127.0.0.1:9000",
        "  usb     file://" + folder), datafs.ok("remote", "list").lines());
    JsonNode json = datafs.ok("remote", "list", "--json").json();
    assertEquals(3, json.size());
    assertEquals("origin", json.get(1).get("name").asText());
    assertEquals("http://127.0.0.1:9000", json.get(1).get("endpoint").asText());
    assertTrue(json.get(0).get("default").asBoolean());
    assertEquals("config", json.get(0).get("source").asText());

    assertEquals("removed remote blob", datafs.ok("remote", "remove", "blob").stdout().strip());
    assertEquals(
        List.of("  origin  s3://bucket/teams/ml  endpoint http://127.0.0.1:9000", "  usb     file://" + folder),
        datafs.ok("remote", "list").lines());
    JsonNode config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(home.resolve("config.json").toFile());
    assertEquals("s3://bucket/teams/ml", config.path("remotes").path("origin").path("url").asText());
    assertFalse(Files.exists(home.resolve("daemon.sock")), "remote commands edit config.json without a daemon");
  }

  @Test
  void badUrlsAndNamesAreOneLine() throws Exception {
    assertEquals("datafs: unknown remote scheme 'gs' in gs://bucket/x: use file:///path (or a path), "
        + "s3://bucket/prefix, az://container/prefix or https://host/prefix",
        datafs.fails(1, "remote", "add", "origin", "gs://bucket/x"));
    assertEquals("datafs: --endpoint is for s3:// and az:// remotes, not https://host/p",
        datafs.fails(1, "remote", "add", "origin", "https://host/p", "--endpoint", "http://127.0.0.1:9000"));
    assertTrue(
        datafs.fails(1, "remote", "add", "origin", "s3://").contains("malformed remote URL s3://: no bucket name"));
    assertTrue(datafs.fails(1, "remote", "add", "origin", "s3:/bucket").contains(
        "malformed remote URL s3:/bucket: expected s3://"));
    assertTrue(datafs.fails(1, "remote", "add", "origin", "az://Bad_Container").contains(
        "invalid container name 'Bad_Container'"));
    assertTrue(datafs.fails(1, "remote", "add", "origin", "s3://bucket", "--endpoint", "localhost:9000").contains(
        "malformed endpoint"));
    String leak = datafs.fails(1, "remote", "add", "origin", "s3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/p");
    assertTrue(leak.contains("credentials do not belong in a remote URL"), leak);
    assertFalse(leak.contains("wJalrXUtnFEMI"), leak);
    assertTrue(
        datafs.fails(1, "remote", "add", "has space", "s3://bucket").contains("invalid remote name 'has space'"));
    assertTrue(datafs.fails(1, "remote", "remove", "nope").contains("no remote named 'nope'"));
    datafs.fails(2, "remote", "add", "only-a-name");
    assertFalse(Files.exists(home.resolve("config.json")), "nothing was written");

    datafs.ok("remote", "add", "origin", "s3://bucket");
    assertEquals("datafs: remote 'origin' already exists (s3://bucket): remove it first",
        datafs.fails(1, "remote", "add", "origin", "s3://other"));
    Files.writeString(home.resolve("config.json"), "{ broken");
    assertTrue(datafs.fails(1, "remote", "list").startsWith("datafs: config file " + home.resolve("config.json")
        + " is not valid JSON"));
  }
}
