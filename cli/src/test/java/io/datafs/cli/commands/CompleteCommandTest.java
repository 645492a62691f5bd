package io.datafs.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code datafs __complete} lists from the store's record files alone: no daemon, no index. */
class CompleteCommandTest {
  @TempDir Path home;

  @Test
  void datasetsThenTheVersionsAndTagsOfOne() throws Exception {
    Files.createDirectories(home.resolve("records/versions/cats"));
    Files.createDirectories(home.resolve("records/versions/dogs"));
    Files.createDirectories(home.resolve("records/tags/cats"));
    for (String f : new String[] {"versions/cats/1.json", "versions/cats/2.json", "versions/dogs/1.json",
        "versions/cats/.3.json.tmp", "tags/cats/release.json"}) {
      Files.writeString(home.resolve("records").resolve(f), "{}");
    }
    assertEquals("cats\ndogs\n", complete(""));
    assertEquals("cats\n", complete("c"));
    assertEquals("cats@release\ncats@v1\ncats@v2\n", complete("cats@"));
    assertEquals("cats@v2\n", complete("cats@v2"));
    assertEquals("", complete("cows@"), "a dataset the store lacks");
    assertEquals("", complete("../x@"), "a name that is no dataset's");
  }

  @Test
  void aStoreWithNoRecordsOffersNothing() throws Exception {
    assertEquals("", complete(""));
    assertEquals("", complete("cats@"));
  }

  private String complete(String prefix) throws Exception {
    CompleteCommand c = new CompleteCommand();
    new CommandLine(c).parseArgs("--home", home.toString(), "--", prefix);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, c.runHere(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of(), home));
    return out.toString(StandardCharsets.UTF_8);
  }
}
