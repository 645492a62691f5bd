package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writable mount for real: a seeded random workload through the mount and on a plain reference directory
 * agrees after every step, across commits and across a kill -9 of the daemon; what is committed exports as the
 * reference. Replay a failure with -Ddatafs.workload.seed=N.
 */
class WritableMountTest {
  private static final long SEED = Long.getLong("datafs.workload.seed", 20261122L);

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs datafs;
  Path ref;
  Path mnt;

  @BeforeEach
  void imported() throws Exception {
    Fuse.require();
    Path src = Trees.sample(tmp.resolve("src"));
    datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    ref = tmp.resolve("ref");
    assertEquals(0, Trees.sh("cp", "-a", src.toString(), ref.toString()).exit());
    mnt = Files.createDirectories(tmp.resolve("mnt"));
  }

  @Test
  void randomWorkloadAgreesWithAPlainDirectoryAcrossCommitsAndKills() throws Exception {
    datafs.ok("mount", "cats", mnt.toString(), "--writable");
    Workload w = new Workload(SEED, ref, mnt);
    Workload.describe(mnt); // the mount starts as the reference
    w.assertSame("after mounting (seed " + SEED + ")");
    for (int i = 0; i < 120; i++) {
      String op = w.step();
      w.assertSame("after step " + i + ": " + op + " (seed " + SEED + ")");
    }
    assertTrue(datafs.ok("status", mnt.toString(), "--json").json().get("changes").size() > 0);
    datafs.ok("commit", mnt.toString(), "-m", "random workload");
    assertEquals(0, datafs.ok("status", mnt.toString(), "--json").json().get("changes").size());
    w.assertSame("after the commit (seed " + SEED + ")");
    assertExports("cats@v2");

    for (int i = 0; i < 60; i++) {
      String op = w.step();
      w.assertSame("after step " + (120 + i) + ": " + op + " (seed " + SEED + ")");
    }
    datafs.killDaemon();
    datafs.ok("mounts"); // starts a daemon, which mounts the overlay again
    w.assertSame("after kill -9 and restart (seed " + SEED + ")");
    datafs.ok("commit", mnt.toString(), "-m", "after the restart");
    assertExports("cats@v3");
    datafs.ok("umount", mnt.toString());
  }

  @Test
  void overlaySurvivesUnmountAndRemount() throws Exception {
    datafs.ok("mount", "cats", mnt.toString(), "--writable");
    Files.writeString(mnt.resolve("new.txt"), "staged\n");
    Files.delete(mnt.resolve("empty-file"));
    datafs.ok("umount", mnt.toString());
    datafs.ok("mount", "cats", mnt.toString(), "--writable");
    assertEquals("staged\n", Files.readString(mnt.resolve("new.txt")));
    assertTrue(Files.notExists(mnt.resolve("empty-file")));
    List<String> lines = datafs.ok("status", mnt.toString()).lines();
    assertTrue(lines.stream().anyMatch(l -> l.matches("A\\s+new.txt")), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.matches("D\\s+empty-file")), String.join("\n", lines));
  }

  /**
   * A kill -9 at each step of a commit: the dataset is at exactly the old or the new version, verify is clean,
   * the overlay is whole when the commit did not finish, and a retried commit succeeds.
   */
  @Test
  void aCommitKilledAtAnyStepLosesNothing() throws Exception {
    datafs.ok("mount", "cats", mnt.toString(), "--writable");
    long version = 1;
    for (String step : List.of("sealed", "built", "packed", "published", "done")) {
      Files.writeString(mnt.resolve("k-" + step + ".txt"), step);
      Files.writeString(ref.resolve("k-" + step + ".txt"), step);
      Files.write(mnt.resolve("data/big.bin"), step.getBytes(), java.nio.file.StandardOpenOption.APPEND);
      Files.write(ref.resolve("data/big.bin"), step.getBytes(), java.nio.file.StandardOpenOption.APPEND);
      datafs.ok("daemon", "stop"); // the next daemon starts with the kill switch set
      Datafs killing = datafs.withEnv("DATAFS_KILL_AT", step);
      killing.ok("mounts");
      Datafs.Result r = killing.run("commit", mnt.toString(), "-m", "killed at " + step);
      assertNotEquals(0, r.exit(), "the daemon should have died at " + step);
      datafs.awaitDaemonGone();

      datafs.ok("mounts"); // a plain daemon restores the mount
      long latest = latest();
      assertTrue(latest == version || latest == version + 1, "at " + step + ": v" + latest + " after v" + version);
      datafs.ok("verify");
      Workload.describe(mnt);
      assertEquals(Workload.describe(ref), Workload.describe(mnt), "the mount after a kill at " + step);
      if (latest == version) {
        assertTrue(datafs.ok("status", mnt.toString(), "--json").json().get("changes").size() > 0, step);
        datafs.ok("commit", mnt.toString(), "-m", "retried after " + step);
        latest = latest();
      }
      assertEquals(version + 1, latest, step);
      assertEquals(0, datafs.ok("status", mnt.toString(), "--json").json().get("changes").size(), step);
      assertExports("cats@v" + latest);
      version = latest;
    }
  }

  private long latest() {
    return datafs.ok("log", "cats", "--json").json().get(0).get("version").asLong();
  }

  private void assertExports(String version) throws Exception {
    Path out = tmp.resolve("export-" + version.replace('@', '-'));
    datafs.ok("export", version, out.toString());
    assertEquals(Workload.describe(ref), Workload.describe(out), version + " as exported");
  }
}
