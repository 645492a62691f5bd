package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writable mounts of one dataset in two homes, both made from one folder remote, committing at the same moment:
 * each version number goes to one of them, the other fetches it and replays its changes onto it; a path both changed
 * stops the loser, naming it, with its changes still staged.
 */
class RemoteCommitTest {
  static final Pattern COMMITTED = Pattern.compile("committed cats@v(\\d+) .*; published to file://.*");
  static final int ROUNDS = 3;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs a;
  Datafs b;
  Path mntA;
  Path mntB;
  Path remote;

  @BeforeEach
  void twoWritableMountsFromOneRemote() throws Exception {
    Fuse.require();
    Path src = Trees.sample(tmp.resolve("src"));
    remote = Files.createDirectories(tmp.resolve("remote"));
    a = homes.at(tmp.resolve("a"));
    b = homes.at(tmp.resolve("b"));
    a.ok("remote", "add", "origin", remote.toString());
    b.ok("remote", "add", "origin", remote.toString());
    a.ok("import", src.toString(), "cats");
    a.ok("push");
    mntA = Files.createDirectories(tmp.resolve("mnt-a"));
    mntB = Files.createDirectories(tmp.resolve("mnt-b"));
    assertTrue(a.ok("mount", "cats", mntA.toString(), "--writable", "--remote", "origin").stdout()
        .contains("commits are published to file://" + remote));
    String mountedB = b.ok("mount", "cats", mntB.toString(), "--writable").stdout();
    assertTrue(mountedB.startsWith("fetched the metadata of cats@v1 from origin"), mountedB);
  }

  @Test
  void simultaneousCommitsGetOneNumberEachAndTheLoserReplays() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Trees.write(mntA.resolve("a/from-a-" + round + ".txt"), ("a" + round).getBytes());
      Trees.write(mntB.resolve("data/from-b-" + round + ".txt"), ("b" + round).getBytes());
      Datafs.Running x = a.start("commit", mntA.toString(), "-m", "a " + round);
      Datafs.Running y = b.start("commit", mntB.toString(), "-m", "b " + round);
      Set<Long> numbers = new TreeSet<>();
      for (Datafs.Result r : List.of(x.await(), y.await())) {
        assertEquals(0, r.exit(), r.err());
        Matcher m = COMMITTED.matcher(r.stdout().strip());
        assertTrue(m.matches(), r.stdout());
        numbers.add(Long.parseLong(m.group(1)));
      }
      assertEquals(Set.of(2L + 2 * round, 3L + 2 * round), numbers, "round " + round);
    }
    Datafs c = homes.at(tmp.resolve("c"));
    c.ok("remote", "add", "origin", remote.toString());
    c.ok("pull", "cats");
    assertEquals(1 + 2 * ROUNDS, c.ok("log", "cats", "--json").json().size());
    Path out = tmp.resolve("out");
    c.ok("export", "cats", out.toString());
    for (int round = 0; round < ROUNDS; round++) {
      assertEquals("a" + round, Files.readString(out.resolve("a/from-a-" + round + ".txt")), "nothing is lost");
      assertEquals("b" + round, Files.readString(out.resolve("data/from-b-" + round + ".txt")), "nothing is lost");
    }
  }

  @Test
  void thePathBothChangedStopsTheLoserWithItsChangesStaged() throws Exception {
    Trees.write(mntA.resolve("a/hello world.txt"), "a's\n".getBytes());
    Trees.write(mntB.resolve("a/hello world.txt"), "b's\n".getBytes());
    Datafs.Running x = a.start("commit", mntA.toString(), "-m", "a");
    Datafs.Running y = b.start("commit", mntB.toString(), "-m", "b");
    Datafs.Result rx = x.await();
    Datafs.Result ry = y.await();
    assertEquals(1, rx.exit() + ry.exit(), rx.err() + ry.err());
    Datafs.Result lost = rx.exit() == 1 ? rx : ry;
    Path loserMount = rx.exit() == 1 ? mntA : mntB;
    Datafs loser = rx.exit() == 1 ? a : b;
    assertTrue(lost.err().startsWith("datafs: ") && lost.err().contains("a/hello world.txt"), lost.err());
    assertEquals(1, lost.err().strip().lines().count());
    List<String> status = loser.ok("status", loserMount.toString()).lines();
    assertEquals("M  a/hello world.txt", status.get(status.size() - 1), status.toString());
    System.err.println("the loser of the race was told: " + lost.err().strip());
    assertEquals(2, Trees.sh("ls", remote.resolve("versions/cats").toString()).out().strip().lines().count(),
        "only the winner's version is on the remote");
  }
}
