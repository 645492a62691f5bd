package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datafs retain} through the real CLI: exactly the versions the rule names go (records only), a dry run and a
 * mounted version remove nothing, a GC then frees what only the removed versions held, and the thinned history
 * verifies, exports, pushes to a folder remote and pulls into a fresh home; {@code --remote} thins a remote that a
 * second home then pulls; bad rules are refused in one line.
 */
class RetainTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  /** Versions 1..count of {@code ds}: version N holds base-1..base-N and a file only it has (only, N-th content). */
  private long makeVersions(Datafs d, String ds, int count, List<Integer> onlyOfRemoved) throws Exception {
    long onlyBytes = 0;
    for (int n = 1; n <= count; n++) {
      Path src = tmp.resolve(ds + "-src-" + n);
      Files.createDirectories(src);
      for (int k = 1; k <= n; k++) Trees.write(src.resolve("base-" + k), Trees.random(ds.hashCode() + k, 3000 + k));
      byte[] only = Trees.random(ds.hashCode() + 1000 + n, 5000 + 100 * n);
      Trees.write(src.resolve("only"), only);
      if (onlyOfRemoved.contains(n)) onlyBytes += only.length;
      d.ok("import", src.toString(), ds, "-m", "v" + n);
    }
    return onlyBytes;
  }

  private static List<Integer> numbers(JsonNode log) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode v : log) out.add(v.get("version").asInt());
    return out;
  }

  @Test
  void keepLastAndTaggedRemovesExactlyTheOthersAndTheThinnedHistoryVerifiesExportsPushesAndPulls() throws Exception {
    Datafs d = homes.at(tmp.resolve("home"));
    List<Integer> removed = List.of(1, 3, 4, 6, 7, 8, 9);
    long onlyRemoved = makeVersions(d, "cats", 12, removed);
    d.ok("tag", "cats@v2", "alpha");
    d.ok("tag", "cats@v5", "beta");
    List<Integer> all = List.of(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    List<Integer> kept = List.of(12, 11, 10, 5, 2);

    assertEquals(List.of("would remove cats@v1, v3..v4, v6..v9 from this store; would keep v2, v5, v10, v11, v12"),
        d.ok("retain", "cats", "--keep-last", "3", "--keep-tagged", "--dry-run").lines());
    assertEquals(all, numbers(d.ok("log", "cats", "--json").json()));

    Fuse.require();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    d.ok("mount", "cats@v3", mnt.toString());
    assertEquals("datafs: cats@v3 is mounted at " + mnt + " and the rule would remove it: umount it first; nothing"
        + " removed", d.fails(1, "retain", "cats", "--keep-last", "3", "--keep-tagged"));
    assertEquals(all, numbers(d.ok("log", "cats", "--json").json()));
    Trees.assertSameTree(tmp.resolve("cats-src-3"), mnt);
    d.ok("umount", mnt.toString());

    assertEquals(List.of("removed cats@v1, v3..v4, v6..v9 from this store (kept v2, v5, v10, v11, v12); their content"
        + " stays until a GC"), d.ok("retain", "cats", "--keep-last", "3", "--keep-tagged").lines());
    assertEquals(kept, numbers(d.ok("log", "cats", "--json").json()));
    assertTrue(d.ok("log", "cats").lines().contains("      -- v6..v9 removed --"), "log shows the cut");
    assertEquals(List.of("nothing to remove: the rule keeps all 5 versions of cats on this store"),
        d.ok("retain", "cats", "--keep-last", "3", "--keep-tagged").lines());

    JsonNode gc = d.ok("gc", "--json").json();
    assertEquals(onlyRemoved, gc.get("freedDataBytes").asLong(), gc.toString());
    assertEquals(removed.size(), gc.get("freedChunks").asLong(), gc.toString());
    d.ok("verify");
    for (int n : kept) {
      Path out = tmp.resolve("export-" + n);
      d.ok("export", "cats@v" + n, out.toString());
      Trees.assertSameTree(tmp.resolve("cats-src-" + n), out);
    }
    d.ok("tag", "cats@v12", "gamma"); // the store goes on as usual: a new version takes v13
    d.ok("import", tmp.resolve("cats-src-1").toString(), "cats", "-m", "v13");
    assertEquals(13, numbers(d.ok("log", "cats", "--json").json()).get(0));

    // the removed versions' tombstones let a lost index be rebuilt with the thinned history
    JsonNode log = d.ok("log", "cats", "--json").json();
    d.stopDaemon();
    assertEquals(0, Trees.sh("rm", "-rf", d.home().resolve("db").toString()).exit());
    List<String> repaired = d.ok("verify", "--repair").lines();
    assertTrue(repaired.get(0).contains(" 6 versions of 1 datasets, 3 tags"), repaired.toString());
    assertEquals(log, d.ok("log", "cats", "--json").json());

    Path remote = Files.createDirectories(tmp.resolve("remote"));
    d.ok("remote", "add", "origin", remote.toString());
    d.ok("push", "cats");
    Datafs fresh = homes.at(tmp.resolve("fresh"));
    fresh.ok("remote", "add", "origin", remote.toString());
    fresh.ok("pull", "cats");
    assertEquals(List.of(13, 12, 11, 10, 5, 2), numbers(fresh.ok("log", "cats", "--json").json()));
    fresh.ok("verify");
    Path out = tmp.resolve("fresh-export-5");
    fresh.ok("export", "cats@beta", out.toString());
    Trees.assertSameTree(tmp.resolve("cats-src-5"), out);
    fresh.ok("mount", "cats@v5", mnt.toString());
    Trees.assertSameTree(tmp.resolve("cats-src-5"), mnt);
    fresh.ok("umount", mnt.toString());
  }

  @Test
  void retainOnARemoteThinsItForEveryStoreAndBadRulesAreRefused() throws Exception {
    Datafs a = homes.at(tmp.resolve("a"));
    Path remote = Files.createDirectories(tmp.resolve("remote"));
    a.ok("remote", "add", "origin", remote.toString());
    makeVersions(a, "dogs", 6, List.of());
    a.ok("push", "dogs");

    assertEquals(List.of("nothing to remove: the rule keeps all 6 versions of dogs on origin (file://" + remote + ")"),
        a.ok("retain", "dogs", "--keep-last", "2", "--keep-within", "30d", "--remote").lines());
    assertEquals(List.of("removed dogs@v1..v4 from origin (file://" + remote + ") (kept v5, v6); their objects stay"
        + " until a GC of the remote"), a.ok("retain", "dogs", "--keep-last", "2", "--remote").lines());
    assertEquals(List.of(6, 5), numbers(a.ok("log", "dogs", "--remote", "--json").json()));
    assertEquals(List.of(6, 5, 4, 3, 2, 1), numbers(a.ok("log", "dogs", "--json").json()), "this store keeps its own");

    Datafs b = homes.at(tmp.resolve("b"));
    b.ok("remote", "add", "origin", remote.toString());
    b.ok("pull", "dogs");
    assertEquals(List.of(6, 5), numbers(b.ok("log", "dogs", "--json").json()));
    b.ok("verify");
    Path out = tmp.resolve("b-export-5");
    b.ok("export", "dogs@v5", out.toString());
    Trees.assertSameTree(tmp.resolve("dogs-src-5"), out);

    assertEquals("datafs: --keep-last must be at least 1 (the newest version always stays), not 0",
        a.fails(1, "retain", "dogs", "--keep-last", "0"));
    assertEquals("datafs: no dataset named 'cows'", a.fails(1, "retain", "cows", "--keep-last", "1"));
    assertEquals("datafs: --keep-within '3x' is not a duration: a whole number and one of s, m, h, d, w (30d, 12h)",
        a.fails(1, "retain", "dogs", "--keep-last", "1", "--keep-within", "3x"));
    a.ok("tag", "dogs@v2", "old");
    assertEquals("datafs: dogs@v1..v5 has tags old (v2): --keep-tagged keeps those versions, --force removes the tags"
        + " with them; nothing removed", a.fails(1, "retain", "dogs", "--keep-last", "1"));
    assertEquals(List.of(6, 5, 4, 3, 2, 1), numbers(a.ok("log", "dogs", "--json").json()), "nothing removed");
  }
}
