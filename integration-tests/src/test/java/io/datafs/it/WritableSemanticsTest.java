package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The lines of docs/SEMANTICS.md on writable mounts that the random workload does not reach, through real tools. */
class WritableSemanticsTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs datafs;
  Path mnt;

  @BeforeEach
  void mounted() throws Exception {
    Fuse.require();
    Path src = Trees.sample(tmp.resolve("src"));
    datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "cats", mnt.toString(), "--writable");
  }

  @Test
  void refusalsAndTheirErrnos() {
    assertFails("Operation not permitted", "chown", "nobody", mnt.resolve("empty-file").toString());
    assertEquals(0, Trees.sh("chown", "root:root", mnt.resolve("empty-file").toString()).exit(), "to the same owner");
    assertFails("Operation not supported", "fallocate", "-l", "1M", mnt.resolve("empty-file").toString());
    assertFails("File exists", "mkdir", mnt.resolve("a").toString());
    assertFails("Directory not empty", "mv", "-T", mnt.resolve("data").toString(), mnt.resolve("a").toString());
    assertFails("Invalid argument", PythonClientsTest.PYTHON, "-c",
        "import os,sys; os.rename(sys.argv[1], sys.argv[2])",
        mnt.resolve("a").toString(), mnt.resolve("a/b/inside").toString());
    assertFails("Directory not empty", "rmdir", mnt.resolve("a").toString());
    assertFails("Not a directory", "rmdir", mnt.resolve("empty-file").toString());
    Trees.Shell exclusive = Trees.sh(PythonClientsTest.PYTHON, "-c",
        "import os,sys; os.open(sys.argv[1], os.O_CREAT | os.O_EXCL | os.O_WRONLY)",
        mnt.resolve("empty-file").toString());
    assertTrue(exclusive.exit() != 0 && exclusive.out().contains("File exists"), exclusive.out());
  }

  @Test
  void anUnlinkedOpenFileKeepsWorkingAndIsNotCommitted() throws Exception {
    Path f = mnt.resolve("a/hello world.txt");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Files.delete(f);
      ch.write(ByteBuffer.wrap("HELLO".getBytes()), 0);
      ch.force(true);
      ByteBuffer back = ByteBuffer.allocate(5);
      ch.read(back, 0);
      assertEquals("HELLO", new String(back.array()));
    }
    assertTrue(Files.notExists(f));
    datafs.ok("commit", mnt.toString(), "-m", "deleted");
    Path out = tmp.resolve("out");
    datafs.ok("export", "cats", out.toString());
    assertTrue(Files.notExists(out.resolve("a/hello world.txt")));
  }

  @Test
  void statfsReportsTheOverlaysDisk() {
    Trees.Shell df = Trees.sh("df", "-P", mnt.toString());
    assertEquals(0, df.exit(), df.out());
    long freeKb = Long.parseLong(df.out().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+")[3]);
    assertTrue(freeKb > 0, df.out());
  }

  @Test
  void fsyncedWritesSurviveAKilledDaemon() throws Exception {
    try (FileChannel ch = FileChannel.open(mnt.resolve("synced.txt"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("durable\n".getBytes()));
      ch.force(true);
    }
    datafs.killDaemon();
    datafs.ok("mounts");
    assertEquals("durable\n", Files.readString(mnt.resolve("synced.txt")));
  }

  @Test
  void aCommitOnAMovedDatasetReplaysOrReportsTheCollision() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    datafs.ok("mount", "cats", other.toString(), "--writable");
    Files.writeString(other.resolve("theirs.txt"), "theirs\n");
    Files.writeString(other.resolve("a/hello world.txt"), "they changed it\n");
    datafs.ok("commit", other.toString(), "-m", "v2 from the other mount");

    Files.writeString(mnt.resolve("mine.txt"), "mine\n");
    datafs.ok("commit", mnt.toString(), "-m", "replayed onto v2");
    Path out = tmp.resolve("v3");
    datafs.ok("export", "cats@v3", out.toString());
    assertEquals("mine\n", Files.readString(out.resolve("mine.txt")));
    assertEquals("theirs\n", Files.readString(out.resolve("theirs.txt")));
    assertEquals("they changed it\n", Files.readString(out.resolve("a/hello world.txt")));

    Files.writeString(other.resolve("a/b/deep.txt"), "theirs again\n");
    datafs.ok("commit", other.toString(), "-m", "v4 from the other mount");
    Files.writeString(mnt.resolve("a/b/deep.txt"), "mine too\n");
    String err = datafs.fails(1, "commit", mnt.toString(), "-m", "collides");
    assertTrue(err.contains("a/b/deep.txt"), err);
    assertEquals(4, datafs.ok("log", "cats", "--json").json().get(0).get("version").asInt());
    assertEquals("mine too\n", Files.readString(mnt.resolve("a/b/deep.txt")), "the overlay is kept");
    assertTrue(datafs.ok("status", mnt.toString()).stdout().contains("a/b/deep.txt"));
  }

  @Test
  void timesAndModesAreCommittedFromInsideTheMount() throws Exception {
    assertEquals(0,
        Trees.sh("touch", "-m", "-d", "@1700000000.123456789", mnt.resolve("a/b/deep.txt").toString()).exit());
    assertEquals(0, Trees.sh("chmod", "0600", mnt.resolve("a/b/deep.txt").toString()).exit());
    assertEquals(0, Trees.sh("chmod", "0700", mnt.resolve("a/b").toString()).exit());
    Trees.Shell commit = Trees.sh("sh", "-c", "cd \"$1/a/b\" && DATAFS_HOME=\"$2\" \"$3\" commit -m inside",
        "sh", mnt.toString(), datafs.home().toString(), Datafs.LAUNCHER.toString());
    assertEquals(0, commit.exit(), commit.out());
    Path out = tmp.resolve("out");
    datafs.ok("export", "cats@v2", out.toString());
    assertEquals(1_700_000_000_123_456_789L,
        Files.getLastModifiedTime(out.resolve("a/b/deep.txt")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(out.resolve("a/b/deep.txt"))));
    assertEquals("rwx------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a/b"))));
  }

  private static void assertFails(String message, String... cmd) {
    Trees.Shell r = Trees.sh(cmd);
    assertTrue(r.exit() != 0 && r.out().contains(message), String.join(" ", cmd) + ": " + r.out());
  }
}
