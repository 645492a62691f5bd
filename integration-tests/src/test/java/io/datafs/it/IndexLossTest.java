package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's index (db/) deleted while packs and records hold the history: every command is refused, naming the
 * repair, instead of showing an empty store; {@code verify --repair} brings back datasets, log, tags, content and the
 * recorded mounts, and verify is clean.
 */
class IndexLossTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void aDeletedIndexIsRefusedThenRebuiltByVerifyRepair() throws Exception {
    Fuse.require();
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats", "-m", "first");
    Trees.write(src.resolve("added.txt"), "added in v2\n".getBytes());
    datafs.ok("import", src.toString(), "cats", "-m", "second");
    datafs.ok("tag", "cats@v1", "release-1");
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "cats@v1", mnt.toString());
    JsonNode log = datafs.ok("log", "cats", "--json").json();
    datafs.stopDaemon();

    Trees.Shell rm = Trees.sh("rm", "-rf", datafs.home().resolve("db").toString());
    assertEquals(0, rm.exit(), rm.out());
    for (String[] command : List.of(new String[] {"datasets"}, new String[] {"verify"}, new String[] {"log", "cats"},
        new String[] {"import", src.toString(), "cats"})) {
      String err = datafs.fails(1, command);
      assertTrue(err.matches("datafs: the store's index " + datafs.home().resolve("db") + " is missing or empty, but"
          + " the store holds \\d+ pack\\(s\\) and 2 version record\\(s\\): run `datafs verify --repair` to"
          + " rebuild it"), err);
    }
    assertFalse(Fuse.isMounted(mnt), "the recorded mount waits for the repair");

    List<String> repaired = datafs.ok("verify", "--repair").lines();
    assertTrue(repaired.get(0).matches("rebuilt the index: \\d+ packs \\(\\d+ objects\\), 2 versions of 1 datasets,"
        + " 1 tags, 0 dataset metadata records"), repaired.toString());
    assertTrue(repaired.get(repaired.size() - 1).startsWith("ok: "), repaired.toString());
    assertEquals(List.of("cats"), datafs.ok("datasets", "--json").json().findValuesAsText("name"));
    assertEquals(log, datafs.ok("log", "cats", "--json").json());
    assertEquals(1, datafs.ok("show", "cats@release-1", "--json").json().get("version").asInt());
    assertEquals("added in v2\n", datafs.ok("cat", "cats", "added.txt").stdout());
    assertTrue(Fuse.isMounted(mnt), "the recorded mount is back");
    assertFalse(Files.exists(mnt.resolve("added.txt")));
    datafs.ok("umount", mnt.toString());
    datafs.ok("mount", "cats@v2", mnt.toString());
    assertEquals("added in v2\n", Files.readString(mnt.resolve("added.txt")));
    assertTrue(datafs.ok("verify").stdout().startsWith("ok: "));
  }
}
