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
 * Local and remote as one, through a folder remote and the real CLI: {@code datasets --sync} from two homes, {@code rm}
 * in each mode with mounts and tags in the way, {@code reset --hard} out of a diverged dataset.
 */
class SyncRemoveTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Path src;
  Path remote;
  Datafs a;
  Datafs b;

  @BeforeEach
  void twoHomesAndARemote() throws Exception {
    src = Trees.sample(tmp.resolve("src"));
    remote = Files.createDirectories(tmp.resolve("remote"));
    a = homes.at(tmp.resolve("a"));
    b = homes.at(tmp.resolve("b"));
    a.ok("remote", "add", "origin", remote.toString());
    b.ok("remote", "add", "origin", remote.toString());
  }

  /** A new version of {@code ds} in {@code home}: the sample with one file changed. */
  private void newVersion(Datafs home, String ds, String change) {
    Trees.write(src.resolve("change.txt"), change.getBytes());
    home.ok("import", src.toString(), ds);
  }

  private static String line(Datafs home, String ds) {
    return home.ok("datasets", "--sync").lines().stream().filter(l -> l.startsWith(ds + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + ds)).replaceAll(" +", " ");
  }

  @Test
  void syncStatusFromTwoHomesAndResetHardOutOfADivergence() throws Exception {
    newVersion(a, "cats", "1");
    a.ok("push");
    b.ok("pull", "cats");
    newVersion(a, "cats", "2 from a");
    newVersion(a, "dogs", "dogs");
    assertEquals("cats ahead 1 here v2 origin v1 (v2 not on origin)", line(a, "cats"));
    assertEquals("dogs local only here v1 origin -", line(a, "dogs"));
    assertEquals("cats up to date here v1 origin v1", line(b, "cats"));

    a.ok("push");
    assertEquals("cats behind 1 here v1 origin v2 (v2 not here)", line(b, "cats"));
    assertEquals("dogs remote only here - origin v1", line(b, "dogs"));
    var json = b.ok("datasets", "--sync", "--json").json();
    assertEquals("behind", json.get(0).get("state").asText());
    assertEquals(1, json.get(0).get("common").asLong());
    assertEquals(2, json.get(0).get("remoteHead").asLong());

    // b commits its own v2 through a writable mount made without --remote (issue 16's trap): diverged; reset --hard
    // drops it, then pull brings a's
    Fuse.require();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    b.ok("mount", "cats", mnt.toString(), "--writable");
    Trees.write(mnt.resolve("from-b.txt"), "b".getBytes());
    b.ok("commit", mnt.toString(), "-m", "b's v2");
    assertEquals("cats diverged here v2 origin v2 (v2 not on origin; v2 not here; in both up to v1)", line(b, "cats"));
    assertEquals("datafs: cats@v2 is mounted at " + mnt + " (writable: it is the base of the staged changes): umount it"
        + " first; nothing removed", b.fails(1, "reset", "cats@v1", "--hard"));
    b.ok("umount", mnt.toString());
    assertEquals("reset cats to v1: dropped cats@v2 from this store; their content stays until a GC",
        b.ok("reset", "cats@v1", "--hard").stdout().strip());
    assertEquals("cats behind 1 here v1 origin v2 (v2 not here)", line(b, "cats"));
    b.ok("pull", "cats");
    assertEquals("cats up to date here v2 origin v2", line(b, "cats"));

    // a version the remote holds would come back with the next pull
    assertEquals("datafs: cats@v2 is on origin (file://" + remote + "): the next pull would bring it back; reset to v2"
        + " or later, or remove it there first (datafs rm --remote); nothing dropped",
        b.fails(1, "reset", "cats@v1", "--hard"));
    assertEquals(2, b.ok("log", "cats", "--json").json().size());
    assertEquals("datafs: reset needs --hard: it drops the versions after cats@v1 from this store",
        b.fails(1, "reset", "cats@v1"));
  }

  @Test
  void rmInEachModeWithMountsAndTagsInTheWay() throws Exception {
    for (int i = 1; i <= 3; i++) newVersion(a, "cats", "v" + i);
    a.ok("tag", "cats@v3", "best");
    a.ok("push");
    Fuse.require();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    a.ok("mount", "cats", mnt.toString(), "--writable");
    assertEquals("datafs: cats@v3 is mounted at " + mnt + " (writable: it is the base of the staged changes): umount it"
        + " first; nothing removed", a.fails(1, "rm", "cats@v3", "--all", "--force"));
    assertEquals(3, b.ok("log", "cats", "--remote", "--json").json().size(), "nothing went from the remote either");
    a.ok("umount", mnt.toString());
    assertEquals("datafs: cats@v3 here has tags best (v3): --force removes them with it; nothing removed",
        a.fails(1, "rm", "cats@v3"));

    // --local (the default): the store drops its copy, the remote keeps it and a pull brings it back
    assertEquals("removed cats@v3 and tag best from this store; its content stays until a GC",
        a.ok("rm", "cats@v3", "--local", "--force").stdout().strip());
    assertEquals("cats behind 1 here v2 origin v3 (v3 not here)", line(a, "cats"));
    a.ok("pull", "cats");
    assertTrue(a.ok("log", "cats").stdout().contains("(best)"));

    // --remote: records and tags go there, the objects stay; this store keeps its own
    assertEquals("datafs: cats@v3 on origin has tags best (v3): --force removes them with it; nothing removed",
        a.fails(1, "rm", "cats@v3", "--remote"));
    long packs;
    try (var files = Files.walk(remote.resolve("packs"))) {
      packs = files.filter(Files::isRegularFile).count();
    }
    assertEquals("removed cats@v3 and tag best from origin (file://" + remote + "); its objects stay until a GC",
        a.ok("rm", "cats@v3", "--remote", "--force").stdout().strip());
    assertEquals("cats ahead 1 here v3 origin v2 (v3 not on origin)", line(a, "cats"));
    assertEquals(2, b.ok("log", "cats", "--remote", "--json").json().size());
    try (var files = Files.walk(remote.resolve("packs"))) {
      assertEquals(packs, files.filter(Files::isRegularFile).count());
    }

    // --all of the whole dataset: from both, its description too
    a.ok("dataset", "set", "cats", "--description", "felines");
    a.ok("push");
    a.ok("rm", "cats", "--all", "--force");
    assertEquals("", a.ok("datasets").stdout());
    assertEquals("", a.ok("datasets", "--remote").stdout());
    assertEquals("datafs: no dataset named 'cats'", a.fails(1, "rm", "cats"));
  }

  /**
   * {@code rm DS@V} of a version below the newest, with {@code --all}: it alone goes from both sides (refused while
   * mounted, or tagged without --force), the versions after it stay whole here, on the remote and in a fresh home that
   * pulls them, and its number is not taken again.
   */
  @Test
  void rmOfAVersionBelowTheNewestTakesItAloneAndLeavesTheHistoryAfterItWhole() throws Exception {
    for (int i = 1; i <= 3; i++) newVersion(a, "cats", "v" + i);
    a.ok("tag", "cats@v2", "bad");
    a.ok("push");
    Fuse.require();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    a.ok("mount", "cats@v2", mnt.toString());
    assertEquals("datafs: cats@v2 is mounted at " + mnt + ": umount it first; nothing removed",
        a.fails(1, "rm", "cats@v2", "--all", "--force"));
    a.ok("umount", mnt.toString());
    assertEquals("datafs: cats@v2 here has tags bad (v2): --force removes them with it; nothing removed",
        a.fails(1, "rm", "cats@v2", "--all"));
    assertEquals(List.of(3, 2, 1), numbers(a.ok("log", "cats", "--remote", "--json").json()), "nothing went there");

    assertEquals(List.of("removed cats@v2 and tag bad from origin (file://" + remote + "); its objects stay until a GC",
        "removed cats@v2 and tag bad from this store; its content stays until a GC"),
        a.ok("rm", "cats@v2", "--all", "--force").lines());
    assertEquals(List.of(3, 1), numbers(a.ok("log", "cats", "--json").json()));
    assertEquals(List.of(3, 1), numbers(a.ok("log", "cats", "--remote", "--json").json()));
    assertTrue(a.ok("log", "cats").lines().contains("      -- v2 removed --"), "log shows the cut");
    a.ok("verify");
    b.ok("pull", "cats");
    assertEquals(List.of(3, 1), numbers(b.ok("log", "cats", "--json").json()));
    b.ok("verify");

    newVersion(a, "cats", "v4"); // the head stayed: the next version is v4, and it pushes after the cut
    a.ok("push");
    b.ok("pull", "cats");
    assertEquals(List.of(4, 3, 1), numbers(b.ok("log", "cats", "--json").json()));
    assertEquals("datafs: no version v2 in dataset 'cats' (latest is v4)", b.fails(1, "rm", "cats@v2"));
  }

  private static List<Integer> numbers(JsonNode log) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode v : log) out.add(v.get("version").asInt());
    return out;
  }
}
