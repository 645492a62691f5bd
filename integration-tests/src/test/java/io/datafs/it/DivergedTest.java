package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's trap, as a new user fell into it: store b pulls cats and mounts it writable without {@code --remote}, so
 * its commit stays local; store a publishes its own next version; b's push and pull are then refused. The mount and the
 * commit now say where commits go, and {@code pull --rebase} replays b's versions after a's, or, when both changed a
 * path, names it and changes nothing.
 */
class DivergedTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs a;
  Datafs b;
  Path remote;
  Path mntA;
  Path mntB;

  /** cats@v1 on the remote; b mounted it writable without --remote, a with --remote origin. */
  @BeforeEach
  void twoStoresOfOneRemote() throws Exception {
    Fuse.require();
    Path src = tmp.resolve("src");
    Trees.write(src.resolve("a/one.txt"), "one\n".getBytes());
    Trees.write(src.resolve("b/two.txt"), "two\n".getBytes());
    remote = Files.createDirectories(tmp.resolve("remote"));
    a = homes.at(tmp.resolve("a"));
    b = homes.at(tmp.resolve("b"));
    a.ok("remote", "add", "origin", remote.toString());
    b.ok("remote", "add", "origin", remote.toString());
    a.ok("import", src.toString(), "cats");
    a.ok("push");
    b.ok("pull", "cats");
    mntA = Files.createDirectories(tmp.resolve("mnt-a"));
    mntB = Files.createDirectories(tmp.resolve("mnt-b"));
    a.ok("mount", "cats", mntA.toString(), "--writable", "--remote", "origin");
    String mounted = b.ok("mount", "cats", mntB.toString(), "--writable").stdout();
    assertTrue(mounted.contains("writable; commits stay in this store: `datafs push` publishes them, or mount with"
        + " --remote origin to publish each commit"), mounted);
  }

  /** b commits v2 locally, a publishes its own v2: push and pull are refused, pull --rebase makes b's version v3. */
  @Test
  void aLocalCommitIsSaidAndTheDivergenceItLeadsToIsRecoveredByPullRebase() throws Exception {
    Trees.write(mntB.resolve("b/from-b.txt"), "b\n".getBytes());
    String committed = b.ok("commit", mntB.toString(), "-m", "b's").stdout();
    assertTrue(committed.startsWith("committed cats@v2 ") && committed.strip().endsWith(
        "; kept in this store only: `datafs push` publishes it"), committed);
    Trees.write(mntA.resolve("a/from-a.txt"), "a\n".getBytes());
    assertTrue(a.ok("commit", mntA.toString(), "-m", "a's").stdout().contains("; published to file://" + remote));

    String push = b.fails(1, "push");
    assertTrue(push.contains("the remote's cats@v2 is a different version: pull it first")
        && push.contains("datafs pull --rebase cats"), push);
    String pull = b.fails(1, "pull", "cats");
    assertTrue(pull.contains("the dataset diverged") && pull.contains("datafs pull --rebase cats"), pull);
    assertTrue(b.ok("log", "cats").stdout().lines().anyMatch(l -> l.startsWith("v1 ") && l.endsWith("[on origin]")),
        "log marks what the default remote holds");

    String inTheWay = b.fails(1, "pull", "--rebase", "cats");
    assertEquals("datafs: cats@v2 is mounted at " + mntB + ": unmount it before rebasing (its version is replayed"
        + " under another number)", inTheWay.strip());
    b.ok("umount", mntB.toString());
    String rebased = b.ok("pull", "--rebase", "cats").stdout();
    assertTrue(rebased.contains("rebased cats@v2 onto origin (file://" + remote + ")'s cats@v2: now cats@v3"),
        rebased);
    List<String> log = b.ok("log", "cats").lines();
    assertEquals(3, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("v3 ") && log.get(0).contains("b's") && !log.get(0).endsWith("[on origin]"),
        log.toString());
    assertTrue(log.get(1).startsWith("v2 ") && log.get(1).contains("a's") && log.get(1).endsWith("[on origin]"),
        log.toString());
    assertTrue(b.ok("show", "cats@v3").stdout().contains("\nremote:   not on origin (file://" + remote + ")"));
    assertTrue(b.ok("push").stdout().startsWith("pushed cats@v3"));
    assertTrue(b.ok("show", "cats@v3").stdout().contains("\nremote:   on origin (file://" + remote + ")"));
    List<String> fileLog = b.ok("log", "cats", "b/from-b.txt", "--remote").lines();
    assertEquals(1, fileLog.size(), fileLog.toString());
    assertTrue(fileLog.get(0).startsWith("A v3 ") && fileLog.get(0).contains("b's"), fileLog.toString());

    Datafs c = homes.at(tmp.resolve("c"));
    c.ok("remote", "add", "origin", remote.toString());
    c.ok("pull", "cats");
    Path out = tmp.resolve("out");
    c.ok("export", "cats", out.toString());
    assertEquals("a\n", Files.readString(out.resolve("a/from-a.txt")), "nothing is lost");
    assertEquals("b\n", Files.readString(out.resolve("b/from-b.txt")), "nothing is lost");
    assertEquals("one\n", Files.readString(out.resolve("a/one.txt")));
  }

  /** Both change a/one.txt: the rebase names it, and b's store is as it was (its v2, its log, its refusal to push). */
  @Test
  void aRebaseOverAPathBothChangedNamesItAndChangesNothing() throws Exception {
    Trees.write(mntB.resolve("a/one.txt"), "b's one\n".getBytes());
    Trees.write(mntB.resolve("b/other.txt"), "other\n".getBytes());
    b.ok("commit", mntB.toString(), "-m", "b's");
    Trees.write(mntA.resolve("a/one.txt"), "a's one\n".getBytes());
    a.ok("commit", mntA.toString(), "-m", "a's");
    b.ok("umount", mntB.toString());
    String before = b.ok("log", "cats", "--json").stdout();

    String refused = b.fails(1, "pull", "--rebase", "cats");
    assertEquals("datafs: cannot rebase cats@v2 onto origin (file://" + remote + ")'s cats@v2: changed both here and"
        + " there: a/one.txt; nothing changed", refused.strip());
    assertEquals(before, b.ok("log", "cats", "--json").stdout(), "nothing changed");
    assertEquals("b's one\n", new String(b.ok("cat", "cats@v2", "a/one.txt").out()));
    b.fails(1, "push");
  }
}
