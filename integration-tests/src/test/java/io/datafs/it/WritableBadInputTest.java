package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a writable mount refuses, and how it fails without losing anything. */
class WritableBadInputTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs datafs;
  Path src;
  Path mnt;
  Path smallDisk;

  @BeforeEach
  void imported() throws Exception {
    Fuse.require();
    src = Trees.sample(tmp.resolve("src"));
    mnt = Files.createDirectories(tmp.resolve("mnt"));
  }

  @AfterEach
  void unmountSmallDisk() {
    if (smallDisk == null) return;
    if (datafs != null) datafs.stopDaemon(); // its store is on the small disk
    Trees.sh("umount", "-l", smallDisk.toString());
  }

  private void mountWritable(Path home) {
    datafs = homes.at(home);
    datafs.ok("import", src.toString(), "cats");
    datafs.ok("mount", "cats", mnt.toString(), "--writable");
  }

  @Test
  void nothingToCommitAndReadOnlyMountsAreRefused() throws Exception {
    mountWritable(tmp.resolve("home"));
    assertTrue(datafs.fails(1, "commit", mnt.toString(), "-m", "empty").contains("nothing to commit"));
    assertEquals(1, datafs.ok("log", "cats", "--json").json().size(), "no empty version");
    datafs.ok("commit", mnt.toString(), "-m", "on purpose", "--allow-empty");
    assertEquals(2, datafs.ok("log", "cats", "--json").json().size());

    Path ro = Files.createDirectories(tmp.resolve("ro"));
    datafs.ok("mount", "cats@v1", ro.toString());
    assertTrue(datafs.fails(1, "commit", ro.toString(), "-m", "x").contains("read-only"));
    assertTrue(datafs.fails(1, "commit", tmp.toString(), "-m", "x").contains("not inside a writable datafs mount"));
  }

  @Test
  void aCommitsMetadataWithoutAKeyOrNotInUtf8IsRefusedAndTheChangesStayStaged() throws Exception {
    mountWritable(tmp.resolve("home"));
    Trees.write(mnt.resolve("new.txt"), "new".getBytes());
    assertEquals("datafs: invalid metadata '=v': the key is empty",
        datafs.fails(1, "commit", mnt.toString(), "-m", "x", "--meta", "=v"));
    String err = datafs.shellFails(1, "exec \"$DATAFS\" commit '" + mnt + "' -m x --meta $'k=\\xff'");
    assertTrue(err.startsWith("datafs: invalid metadata 'k=\uFFFD': not valid UTF-8"), err);
    assertEquals(1, datafs.ok("log", "cats", "--json").json().size(), "no version was made");
    assertTrue(datafs.ok("status", mnt.toString()).stdout().contains("A  new.txt"), "the change is still staged");
  }

  @Test
  void namesTheStoreRefusesAreRefusedAtCreate() throws Exception {
    mountWritable(tmp.resolve("home"));
    Trees.Shell tooLong = Trees.sh("touch", mnt.resolve("n".repeat(256)).toString());
    assertTrue(tooLong.exit() != 0 && tooLong.out().contains("File name too long"), tooLong.out());
    Trees.Shell notUtf8 = Trees.sh(PythonClientsTest.PYTHON, "-c",
        "import os,sys; os.open(os.fsencode(sys.argv[1]) + b'/bad\\xff', os.O_CREAT | os.O_WRONLY)", mnt.toString());
    assertTrue(notUtf8.exit() != 0 && notUtf8.out().contains("Invalid argument"), notUtf8.out());
    Trees.Shell hardLink = Trees.sh("ln", mnt.resolve("empty-file").toString(), mnt.resolve("hard").toString());
    assertTrue(hardLink.exit() != 0 && hardLink.out().contains("Operation not permitted"), hardLink.out());
    Trees.Shell fifo = Trees.sh("mkfifo", mnt.resolve("fifo").toString());
    assertTrue(fifo.exit() != 0 && fifo.out().contains("Operation not permitted"), fifo.out());
    Trees.Shell escaping = Trees.sh("ln", "-s", "../../etc/passwd", mnt.resolve("escape").toString());
    assertTrue(escaping.exit() != 0 && escaping.out().contains("Operation not permitted"), escaping.out());
    Trees.Shell xattr = Trees.sh("setfattr", "-n", "user.x", "-v", "1", mnt.resolve("empty-file").toString());
    assertTrue(xattr.exit() != 0 && xattr.out().contains("not supported"), xattr.out());
    assertEquals(0, datafs.ok("status", mnt.toString(), "--json").json().get("changes").size(), "nothing was staged");
  }

  /** The reproduction: a link valid where it was made, moved (itself, or a directory above it) to escape. */
  @Test
  void renamesThatWouldLetASymlinkLeaveTheDatasetAreRefused() throws Exception {
    mountWritable(tmp.resolve("home"));
    Files.createDirectories(mnt.resolve("a/b/c"));
    Files.createSymbolicLink(mnt.resolve("a/b/c/l"), Path.of("../../../empty-file"));
    for (String[] move : new String[][] {{"a/b/c/l", "esc"}, {"a/b/c", "c"}, {"a/b", "b"}, {"data/up-link", "up"}}) {
      Trees.Shell mv = Trees.sh("mv", mnt.resolve(move[0]).toString(), mnt.resolve(move[1]).toString());
      assertTrue(mv.exit() != 0 && mv.out().contains("Operation not permitted"), move[0] + ": " + mv.out());
    }
    assertEquals(0, Trees.sh("mv", mnt.resolve("data").toString(), mnt.resolve("a/data").toString()).exit(),
        "deeper is fine");
    datafs.ok("commit", mnt.toString(), "-m", "links that stay inside");
    Trees.Shell up = Trees.sh("mv", mnt.resolve("a/b").toString(), mnt.resolve("b").toString());
    assertTrue(up.exit() != 0 && up.out().contains("Operation not permitted"), "committed links too: " + up.out());

    Path remote = Files.createDirectories(tmp.resolve("remote"));
    datafs.ok("remote", "add", "origin", remote.toString());
    datafs.ok("push");
    Datafs other = homes.at(tmp.resolve("other"));
    other.ok("remote", "add", "origin", remote.toString());
    other.ok("pull", "cats");
    JsonNode link = other.ok("ls", "-l", "cats@v2", "a/b/c", "--json").json().get(0);
    assertEquals("../../../empty-file", link.get("target").asText());
  }

  @Test
  void stagedContentRemovedBehindOurBackIsAClearErrorAndDiscardRecovers() throws Exception {
    mountWritable(tmp.resolve("home"));
    Files.writeString(mnt.resolve("new.txt"), "staged\n");
    Files.writeString(mnt.resolve("kept.txt"), "kept\n");
    Path data;
    try (Stream<Path> s = Files.walk(datafs.home().resolve("overlays"))) {
      data = s.filter(Files::isRegularFile).filter(p -> readQuietly(p).equals("staged\n")).findFirst().orElseThrow();
    }
    Files.delete(data);
    Trees.Shell cat = Trees.sh("cat", mnt.resolve("new.txt").toString());
    assertTrue(cat.exit() != 0 && cat.out().contains("Input/output error"), cat.out());
    String err = datafs.fails(1, "commit", mnt.toString(), "-m", "x");
    assertTrue(err.contains("new.txt") && err.contains("missing"), err);
    assertEquals("kept\n", Files.readString(mnt.resolve("kept.txt")), "the rest of the overlay is kept");
    datafs.ok("discard", mnt.resolve("new.txt").toString());
    datafs.ok("commit", mnt.toString(), "-m", "without it");
    Path out = tmp.resolve("out");
    datafs.ok("export", "cats", out.toString());
    assertEquals("kept\n", Files.readString(out.resolve("kept.txt")));
    assertTrue(Files.notExists(out.resolve("new.txt")));
  }

  @Test
  void aDiskThatFillsFailsTheWriteAndLosesNothing() throws Exception {
    Root.require();
    smallDisk = Files.createDirectories(tmp.resolve("small-disk"));
    Trees.Shell m = Trees.sh("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", smallDisk.toString());
    assertEquals(0, m.exit(), m.out());
    mountWritable(smallDisk.resolve("home"));
    Files.writeString(mnt.resolve("before.txt"), "before\n");
    // writes of 100,000 bytes until the disk is full: the file holds exactly what the writes acknowledged
    Trees.Shell fill = Trees.sh(PythonClientsTest.PYTHON, "-c", String.join("\n",
        "import errno, os, sys",
        "fd, done, block = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY, 0o644), 0, os.urandom(100000)",
        "try:",
        "    while True: done += os.write(fd, block)",
        "except OSError as e:",
        "    print(errno.errorcode[e.errno], done, os.fstat(fd).st_size)"), mnt.resolve("huge.bin").toString());
    String[] filled = fill.out().strip().split(" ");
    assertEquals("ENOSPC", filled[0], fill.out());
    assertEquals(filled[1], filled[2], "acknowledged bytes, then the size: a failed write leaves the file as it was");
    assertEquals(Long.parseLong(filled[1]), Files.size(mnt.resolve("huge.bin")));
    Trees.Shell dd = Trees.sh("dd", "if=/dev/urandom", "of=" + mnt.resolve("more.bin"), "bs=1M", "count=8");
    assertTrue(dd.exit() != 0 && dd.out().contains("No space left on device"), dd.out());
    Files.delete(mnt.resolve("more.bin"));
    assertEquals("before\n", Files.readString(mnt.resolve("before.txt")));
    assertTrue(datafs.ok("status", mnt.toString()).stdout().contains("huge.bin"));
    // a commit that cannot fit fails cleanly and keeps the overlay
    String err = datafs.fails(1, "commit", mnt.toString(), "-m", "too big");
    assertTrue(err.toLowerCase().contains("no space left"), err);
    assertEquals(1, datafs.ok("log", "cats", "--json").json().size());
    Files.delete(mnt.resolve("huge.bin"));
    datafs.ok("commit", mnt.toString(), "-m", "fits");
    assertTrue(datafs.ok("verify").stdout().startsWith("ok: "));
    Path out = tmp.resolve("out");
    datafs.ok("export", "cats", out.toString());
    assertEquals("before\n", Files.readString(out.resolve("before.txt")));
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "";
    }
  }
}
