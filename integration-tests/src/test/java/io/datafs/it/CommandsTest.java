package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** log, show, ls, diff, tag, datasets, verify and every way of naming a version, on a two-version dataset. */
class CommandsTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs datafs;
  Path src;

  @BeforeEach
  void twoVersions() throws Exception {
    src = Trees.sample(tmp.resolve("src"));
    datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats", "-m", "first");
    Trees.write(src.resolve("a/new.txt"), "new".getBytes());
    Files.delete(src.resolve("empty-file"));
    Trees.write(src.resolve("a/b/deep.txt"), "changed".getBytes());
    Files.delete(src.resolve("a/link-to-deep"));
    Files.createDirectories(src.resolve("a/link-to-deep"));
    datafs.ok("import", src.toString(), "cats", "-m", "second", "--author", "alice");
  }

  @Test
  void diffNamesAddedModifiedAndDeletedPaths() {
    assertEquals(List.of("M a/b/deep.txt", "D a/link-to-deep", "A a/link-to-deep/", "A a/new.txt", "D empty-file"),
        datafs.ok("diff", "cats@v1", "cats@v2").lines());
    assertEquals("2 added, 1 modified, 2 deleted; +10 B -5 B",
        datafs.ok("diff", "--stat", "cats@v1", "cats@v2").stdout().strip());
    JsonNode j = datafs.ok("diff", "cats@v1", "cats@v2", "--json").json();
    assertEquals(2, j.get("added").asInt());
    assertEquals("a/b/deep.txt", j.get("changes").get(0).get("path").asText());
  }

  @Test
  void logListsNewestFirstWithTags() {
    datafs.ok("tag", "cats@v1", "baseline");
    List<String> log = datafs.ok("log", "cats").lines();
    assertEquals(2, log.size());
    assertTrue(log.get(0).startsWith("v2 ") && log.get(0).contains("alice") && log.get(0).endsWith("second"),
        log.get(0));
    assertTrue(log.get(1).startsWith("v1 ") && log.get(1).contains("tester")
        && log.get(1).endsWith("first  (baseline)"), log.get(1));
    JsonNode j = datafs.ok("log", "cats", "--json").json();
    assertEquals(2, j.get(0).get("version").asInt());
    assertEquals(j.get(1).get("id").asText(), j.get(0).get("parent").asText());
  }

  @Test
  void everyAddressFormNamesTheRightVersion() {
    datafs.ok("tag", "cats@v1", "baseline");
    String id1 = datafs.ok("show", "cats@v1", "--json").json().get("id").asText();
    String id2 = datafs.ok("show", "cats@v2", "--json").json().get("id").asText();
    for (String a : List.of("cats@v1", "ds:cats.v1", "cats@baseline", "cats@" + id1.substring(0, 8), "cats@" + id1)) {
      assertEquals(id1, datafs.ok("show", a, "--json").json().get("id").asText(), a);
    }
    for (String a : List.of("cats", "cats@latest", "ds:cats", "cats@v2", "cats@" + id2.substring(0, 10))) {
      assertEquals(id2, datafs.ok("show", a, "--json").json().get("id").asText(), a);
    }
  }

  @Test
  void lsChangedInTracksTheVersionThatLastChangedEachEntry() {
    JsonNode all = datafs.ok("ls", "cats@v2", "a", "--json").json();
    assertEquals(List.of("a/b", "a/hello world.txt", "a/link-to-deep", "a/new.txt"),
        java.util.stream.StreamSupport.stream(all.spliterator(), false).map(e -> e.get("path").asText()).toList());
    assertEquals(2, all.get(0).get("changedIn").asInt(), "a/b holds a changed file");
    assertEquals(1, all.get(1).get("changedIn").asInt(), "unchanged file keeps v1");
    assertEquals(2, all.get(3).get("changedIn").asInt());
    assertEquals(List.of("a/", "bin/", "data/", "empty-dir/", "ünïcödé/"), datafs.ok("ls", "cats").lines());
  }

  @Test
  void datasetsShowAndVerify() {
    JsonNode ds = datafs.ok("datasets", "--json").json();
    assertEquals("cats", ds.get(0).get("name").asText());
    assertEquals(2, ds.get(0).get("latest").asInt());
    String show = datafs.ok("show", "cats@v2").stdout();
    assertTrue(show.startsWith("cats@v2\n") && show.contains("author:   alice") && show.contains("message:  second"),
        show);
    assertTrue(datafs.ok("verify").stdout().startsWith("ok: "));
    assertTrue(datafs.ok("verify", "cats@v1").stdout().startsWith("ok: "));
  }

  @Test
  void helpVersionAndUsageErrors() {
    assertTrue(datafs.ok("--help").stdout().contains("import"));
    assertTrue(datafs.ok("--version").stdout().startsWith("datafs "));
    assertTrue(datafs.ok("ls", "--help").stdout().contains("-R"));
    datafs.fails(2, "no-such-command");
    datafs.fails(2, "ls");
    datafs.fails(2, "import", "--bogus", "x", "y");
  }
}
