package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A version mounted for real: what unchanged tools see through it. */
class MountTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs datafs;
  Path src;
  Path mnt;

  @BeforeEach
  void imported() throws Exception {
    Fuse.require();
    src = Trees.sample(tmp.resolve("src"));
    datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    mnt = Files.createDirectories(tmp.resolve("mnt"));
  }

  @Test
  void theMountIsTheImportedFolder() throws Exception {
    assertEquals("mounted cats@v1 at " + mnt, datafs.ok("mount", "cats@v1", mnt.toString()).stdout().strip());
    assertTrue(Fuse.isMounted(mnt));
    Trees.Shell diff = Trees.sh("diff", "-r", "--no-dereference", src.toString(), mnt.toString());
    assertEquals(0, diff.exit(), diff.out());
    Trees.assertSameTree(src, mnt);

    JsonNode entries = datafs.ok("ls", "cats", "-R", "--json").json();
    for (JsonNode e : entries) {
      if (!e.get("type").asText().equals("file")) continue;
      Path p = mnt.resolve(e.get("path").asText());
      assertEquals(e.get("sha256").asText(), Trees.sh("sha256sum", p.toString()).out().split(" ")[0]);
      assertEquals(e.get("sha256").asText(),
          Trees.sh("getfattr", "--absolute-names", "--only-values", "-n", "user.datafs.sha256", p.toString()).out());
    }
    assertTrue(Trees.sh("getfattr", "--absolute-names", "--only-values", "-n", "user.datafs.version",
        mnt.toString()).out().startsWith("cats@v1 "));
    JsonNode mounts = datafs.ok("mounts", "--json").json();
    assertEquals(mnt.toString(), mounts.get(0).get("dir").asText());

    datafs.ok("umount", mnt.toString());
    assertFalse(Fuse.isMounted(mnt));
    assertEquals(0, datafs.ok("mounts", "--json").json().size());
  }

  @Test
  void everyWriteIsRefusedAsReadOnly() throws Exception {
    datafs.ok("mount", "cats", mnt.toString());
    String[][] writes = {
        {"touch", mnt.resolve("new.txt").toString()},
        {"sh", "-c", "echo x >> '" + mnt.resolve("a/hello world.txt") + "'"},
        {"rm", mnt.resolve("empty-file").toString()},
        {"mkdir", mnt.resolve("newdir").toString()},
        {"rmdir", mnt.resolve("empty-dir").toString()},
        {"mv", mnt.resolve("a/b/deep.txt").toString(), mnt.resolve("a/moved.txt").toString()},
        {"chmod", "777", mnt.resolve("bin/run.sh").toString()},
        {"ln", "-s", "x", mnt.resolve("newlink").toString()},
        {"truncate", "-s", "0", mnt.resolve("data/big.bin").toString()},
        {"setfattr", "-n", "user.x", "-v", "1", mnt.resolve("empty-file").toString()},
    };
    for (String[] w : writes) {
      Trees.Shell r = Trees.sh(w);
      assertTrue(r.exit() != 0 && r.out().contains("Read-only file system"), String.join(" ", w) + ": " + r.out());
    }
    Trees.assertSameTree(src, mnt);
  }

  @Test
  void twoVersionsSideBySideAndUnmountWhileReading() throws Exception {
    Trees.write(src.resolve("a/hello world.txt"), "changed\n".getBytes());
    datafs.ok("import", src.toString(), "cats");
    Path v1 = mnt;
    Path v2 = Files.createDirectories(tmp.resolve("mnt2"));
    datafs.ok("mount", "cats@v1", v1.toString());
    datafs.ok("mount", "cats", v2.toString());
    assertEquals("hello\n", Files.readString(v1.resolve("a/hello world.txt")));
    assertEquals("changed\n", Files.readString(v2.resolve("a/hello world.txt")));

    try (InputStream open = Files.newInputStream(v1.resolve("data/big.bin"))) {
      byte[] head = open.readNBytes(1 << 20);
      datafs.ok("umount", v1.toString());
      assertFalse(Fuse.isMounted(v1));
      byte[] rest = open.readAllBytes();
      assertEquals((9 << 20) - (1 << 20), rest.length, "an open file keeps reading after unmount");
      assertEquals(1 << 20, head.length);
    }
    assertTrue(Fuse.isMounted(v2));
  }

  @Test
  void aKilledDaemonLeavesNoDeadMountAndItsMountsComeBack() throws Exception {
    datafs.ok("mount", "cats", mnt.toString());
    datafs.killDaemon();

    String mounts = datafs.ok("mounts").stdout(); // starts a new daemon, which restores the mount
    assertTrue(mounts.contains(mnt.toString()), mounts);
    Trees.assertSameTree(src, mnt);
  }

  @Test
  void badMountsAreRefusedCleanly() throws Exception {
    assertTrue(datafs.fails(1, "mount", "cats", tmp.resolve("missing").toString()).contains("missing"));
    assertTrue(datafs.fails(1, "mount", "cats", src.resolve("empty-file").toString()).contains("not a directory"));
    assertTrue(datafs.fails(1, "mount", "cats", src.toString()).contains("not empty"));
    assertTrue(datafs.fails(1, "mount", "dogs", mnt.toString()).contains("no dataset named 'dogs'"));
    assertTrue(datafs.fails(1, "mount", "cats@v9", mnt.toString()).contains("no version v9"));
    assertTrue(datafs.fails(1, "umount", mnt.toString()).contains("not mounted by datafs"));
    datafs.ok("mount", "cats", mnt.toString());
    assertTrue(datafs.fails(1, "mount", "cats", mnt.toString()).contains("already mounted"));
    assertEquals(1, datafs.ok("mounts", "--json").json().size());
  }

  @Test
  void aSocketOfAnotherUserIsRefused() throws Exception {
    Root.require();
    Path home = Files.createDirectories(tmp.resolve("shared-home"));
    Files.createFile(home.resolve("daemon.sock"));
    assertEquals(0, Trees.sh("chown", "nobody", home.resolve("daemon.sock").toString()).exit());
    String err = homes.at(home).fails(1, "mounts");
    assertEquals("datafs: the daemon socket " + home.resolve("daemon.sock") + " belongs to user nobody, not root: use a"
        + " DATAFS_HOME of your own", err);
  }

  @Test
  void aMissingFuseDeviceIsNamedWithTheFix() throws Exception {
    Root.require();
    // A private mount namespace whose /dev has no fuse device; the daemon started there inherits it.
    Datafs isolated = homes.at(tmp.resolve("isolated-home"));
    String script = "mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5"
        + " && mknod -m 666 /dev/random c 1 8 && mknod -m 666 /dev/urandom c 1 9"
        + " && export DATAFS_HOME=" + isolated.home()
        + " && " + Datafs.LAUNCHER + " import " + src + " cats >/dev/null"
        + " && " + Datafs.LAUNCHER + " mount cats " + mnt;
    Trees.Shell r = Trees.sh("unshare", "-m", "--propagation", "private", "sh", "-c", script);
    assertEquals(1, r.exit(), r.out());
    assertEquals("datafs: /dev/fuse is missing: load the fuse module (modprobe fuse)", r.out().strip());
    assertFalse(Fuse.isMounted(mnt));
  }
}
