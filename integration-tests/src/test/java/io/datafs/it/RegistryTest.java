package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry part of datafs with the real launcher (issue 15, items 1 and 2): a dataset's own metadata made, changed,
 * shown with its history, pushed and pulled through a folder remote and filtered with --where; semantic versions
 * bumped across import, commit and compose, addressed exactly and by caret and tilde ranges, shown by log; bad input
 * refused in one line with nothing changed.
 */
class RegistryTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Path src;
  Datafs a;

  @BeforeEach
  void aHomeWithARemote() throws Exception {
    src = Trees.sample(tmp.resolve("src"));
    a = homes.at(tmp.resolve("a"));
    a.ok("remote", "add", "origin", Files.createDirectories(tmp.resolve("remote")).toString());
  }

  @Test
  void metadataTravelsWithItsHistoryAndFiltersTheListing() throws Exception {
    String created = a.ok("dataset", "create", "cats", "--description", "Cat pictures", "--meta", "owner=vision",
        "--meta", "license=cc-by").stdout();
    assertTrue(created.matches("created the metadata of cats: cats meta#1  \\([0-9a-f]{12}\\)\n"), created);
    a.ok("dataset", "set", "cats", "--meta", "owner=robotics", "--unset", "license");
    a.ok("dataset", "set", "cats", "--meta", "owner=vision", "--description", "Cats, labelled");
    a.ok("import", src.toString(), "cats", "-m", "first");
    a.ok("import", src.toString(), "dogs", "-m", "no metadata yet");
    a.ok("dataset", "create", "birds", "--description", "Birds, none imported yet", "--meta", "owner=audio");

    List<String> listed = a.ok("datasets").lines();
    assertEquals(3, listed.size(), listed.toString());
    assertTrue(listed.get(0).matches("birds +- +Birds, none imported yet"), listed.get(0));
    assertTrue(listed.get(1).matches("cats +v1 .* files .*  Cats, labelled"), listed.get(1));
    assertTrue(listed.get(2).matches("dogs +v1 .* files +\\S+ \\S+"), listed.get(2));
    assertEquals(List.of("cats"), names(a.ok("datasets", "--where", "owner == \"vision\"", "--json").json()));
    assertEquals(List.of("birds", "dogs"), names(a.ok("datasets", "--where", "NOT owner == \"vision\"", "--json")
        .json()));
    assertEquals(List.of("birds"), names(a.ok("datasets", "--where", "description == \"Bird.*\"", "--json").json()));

    JsonNode history = a.ok("dataset", "show", "cats", "--history", "--json").json();
    assertEquals(3, history.size());
    assertEquals("{\"owner\":\"vision\"}", history.get(0).get("metadata").toString());
    assertEquals("{\"owner\":\"robotics\"}", history.get(1).get("metadata").toString());
    assertEquals("Cat pictures", history.get(2).get("description").asText());
    List<String> shown = a.ok("dataset", "show", "cats").lines();
    assertTrue(shown.get(0).startsWith("cats meta#3  "), shown.toString());
    assertEquals(List.of("description: Cats, labelled", "meta:        owner=vision"), shown.subList(1, 3));
    assertTrue(a.ok("dataset", "show", "dogs").stdout().startsWith("dogs has no metadata yet"));

    a.ok("push");
    Datafs b = homes.at(tmp.resolve("b"));
    b.ok("remote", "add", "origin", tmp.resolve("remote").toString());
    JsonNode remoteListing = b.ok("datasets", "--remote", "--json").json();
    assertEquals(List.of("birds", "cats", "dogs"), names(remoteListing));
    assertEquals("Cats, labelled", remoteListing.get(1).get("description").asText());
    b.ok("pull", "cats");
    b.ok("pull", "birds");
    assertEquals(history, b.ok("dataset", "show", "cats", "--history", "--json").json());
    assertEquals(List.of("birds", "cats"), names(b.ok("datasets", "--json").json()));

    b.ok("dataset", "set", "cats", "--meta", "team=b");
    a.ok("dataset", "set", "cats", "--meta", "team=a");
    b.ok("push", "cats");
    String lost = a.fails(1, "push", "cats");
    assertEquals("datafs: the remote's cats meta#4 is another record than this store's: another store set the metadata"
        + " of cats first (file://" + tmp.resolve("remote") + ")", lost);
  }

  @Test
  void semanticVersionsAcrossImportCommitAndComposeAndTheirBadInput() throws Exception {
    assertTrue(a.ok("import", src.toString(), "cats", "--bump", "minor").stdout().startsWith("cats@v1 (0.1.0)  "));
    Trees.write(src.resolve("new.txt"), "new\n".getBytes());
    assertEquals("0.1.1", a.ok("import", src.toString(), "cats", "--bump", "patch", "--json").json().get("semver")
        .asText());
    assertTrue(a.ok("compose", "cats", "cats@v1", "--glob", "**", "--bump", "major").stdout()
        .startsWith("composed cats@v3 (1.0.0)  "));
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    a.ok("mount", "cats", mnt.toString(), "--writable");
    try {
      Files.writeString(mnt.resolve("committed.txt"), "through the mount\n");
      assertTrue(a.ok("commit", mnt.toString(), "-m", "c", "--bump", "minor").stdout()
          .startsWith("committed cats@v4 (1.1.0)  "));
    } finally {
      a.ok("umount", mnt.toString());
    }
    a.ok("import", src.toString(), "cats", "--semver", "2.0.0-rc.1");

    assertEquals(4, a.ok("show", "cats@^1", "--json").json().get("version").asInt());
    assertEquals(3, a.ok("show", "cats@~1.0", "--json").json().get("version").asInt());
    assertEquals(2, a.ok("show", "cats@0.1.1", "--json").json().get("version").asInt());
    assertEquals(2, a.ok("show", "cats@^0.1", "--json").json().get("version").asInt());
    assertEquals(5, a.ok("show", "cats@^2.0.0-rc.0", "--json").json().get("version").asInt());
    List<String> log = a.ok("log", "cats").lines();
    List<String> column = new ArrayList<>();
    for (String line : log) column.add(line.split(" {2,}")[4].strip());
    assertEquals(List.of("2.0.0-rc.1", "1.1.0", "1.0.0", "0.1.1", "0.1.0"), column, log.toString());
    String logJson = a.ok("log", "cats", "--json").stdout();

    String[][] refused = {
        {"import", src.toString(), "cats", "--semver", "1.2"},
        {"import", src.toString(), "cats", "--semver", "1.9.0"},
        {"import", src.toString(), "cats", "--bump", "minor", "--semver", "3.0.0"},
        {"import", src.toString(), "cats", "--bump", "huge"},
        {"show", "cats@^3"},
        {"show", "cats@^x.1"},
        {"tag", "cats@v1", "9.0.0"},
        {"dataset", "create", "cats", "--description", "again"},
        {"dataset", "set", "nope", "--description", "x"},
        {"dataset", "set", "cats", "--meta", "description=x"}};
    String[] lines = {
        "datafs: invalid semantic version '1.2': use MAJOR.MINOR.PATCH, as 1.2.0 or 2.0.0-rc.1",
        "datafs: semantic version 1.9.0 of cats is not higher than its highest, 2.0.0-rc.1 (cats@v5): give a higher"
            + " one, or --bump",
        "datafs: --bump and --semver together: give one (--semver 3.0.0 sets it, --bump minor takes the next)",
        "datafs: invalid --bump 'huge': use major, minor or patch",
        "datafs: no version of 'cats' matches ^3 (its highest semantic version is 2.0.0-rc.1)",
        "datafs: invalid version range '^x.1': use ^MAJOR[.MINOR[.PATCH]] or ~MAJOR[.MINOR[.PATCH]], as ^1, ^1.2, ~1.2"
            + " or ^2.0.0-rc.1",
        "datafs: tag '9.0.0' is a semantic version: a version gets one when it is made (--semver or --bump of import,"
            + " commit and compose)",
        "datafs: dataset 'cats' exists already (it has versions): `datafs dataset set cats` changes its metadata",
        "datafs: no dataset named 'nope' (`datafs dataset create nope` makes one)",
        "datafs: invalid metadata key 'description': it names the dataset's description (use --description)"};
    for (int i = 0; i < refused.length; i++) assertEquals(lines[i], a.fails(1, refused[i]));
    assertEquals(logJson, a.ok("log", "cats", "--json").stdout(), "nothing refused changed anything");
    assertEquals(List.of("cats"), names(a.ok("datasets", "--json").json()));
  }

  private static List<String> names(JsonNode rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.get("name").asText()));
    return out;
  }
}
