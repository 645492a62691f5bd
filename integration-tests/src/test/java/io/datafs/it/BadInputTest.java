package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake gets one clear line, exit 1, and leaves the store as it was. */
class BadInputTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Datafs datafs;
  Path src;

  @BeforeEach
  void oneVersion() throws Exception {
    src = tmp.resolve("src");
    Trees.write(src.resolve("x.txt"), "x".getBytes());
    datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
  }

  @Test
  void invalidDatasetNames() {
    for (String bad : new String[] {"has space", "a/b", "", "x".repeat(129), "dot.ted", "ü"}) {
      String err = datafs.fails(1, "import", src.toString(), bad);
      assertTrue(err.contains("invalid dataset name"), err);
    }
    assertEquals(1, datafs.ok("datasets", "--json").json().size());
  }

  @Test
  void missingDatasetVersionTagAndPath() {
    assertTrue(datafs.fails(1, "log", "dogs").contains("no dataset named 'dogs'"));
    assertTrue(datafs.fails(1, "show", "cats@v7").contains("no version v7 in dataset 'cats' (latest is v1)"));
    assertTrue(datafs.fails(1, "show", "cats@nosuchtag").contains("no version 'nosuchtag'"));
    assertTrue(datafs.fails(1, "cat", "cats", "nope.txt").contains("no such path in cats@v1: nope.txt"));
    assertTrue(datafs.fails(1, "ls", "cats", "x.txt/deeper").contains("not a directory"));
    assertTrue(datafs.fails(1, "cat", "cats", ".").contains("not a regular file"));
    assertTrue(datafs.fails(1, "export", "cats@v2", tmp.resolve("out").toString()).contains("no version v2"));
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void tagsAreValidatedAndNeverMove() {
    assertTrue(datafs.fails(1, "tag", "cats@v1", "v2").contains("invalid tag"));
    assertTrue(datafs.fails(1, "tag", "cats@v1", "latest").contains("invalid tag"));
    assertEquals("datafs: invalid tag 'beef': 4 or more hex digits read as a version id prefix",
        datafs.fails(1, "tag", "cats@v1", "beef"));
    assertEquals("datafs: invalid tag '..': use 1 to 128 of A-Z a-z 0-9 _ -, with single dots between them",
        datafs.fails(1, "tag", "cats@v1", ".."));
    datafs.ok("tag", "cats@v1", "release.1.2");
    assertEquals(1, datafs.ok("show", "cats@release.1.2", "--json").json().path("version").asInt());
    // a semantic version is a tag a version gets when it is made (--semver, --bump), so semvers rise with the numbers
    assertEquals("datafs: tag '1.2.0' is a semantic version: a version gets one when it is made (--semver or --bump"
        + " of import, commit and compose)", datafs.fails(1, "tag", "cats@v1", "1.2.0"));
    datafs.ok("tag", "cats@v1", "best");
    datafs.ok("import", src.toString(), "cats");
    assertTrue(datafs.fails(1, "tag", "cats@v2", "best").contains("tag 'best' already names cats@v1"));
  }

  @Test
  void metadataWithoutAKeyOrNotInUtf8IsRefused() {
    assertEquals("datafs: invalid metadata '=v': the key is empty",
        datafs.fails(1, "import", src.toString(), "cats", "--meta", "=v"));
    // A real argv byte that is not UTF-8: the client decodes it as U+FFFD, which the import refuses.
    String err = datafs.shellFails(1, "exec \"$DATAFS\" import '" + src + "' cats --meta $'note=caf\\xe9'");
    assertTrue(err.startsWith("datafs: invalid metadata 'note=caf\uFFFD': not valid UTF-8"), err);
    err = datafs.shellFails(1, "exec \"$DATAFS\" import '" + src + "' cats --meta $'\\xff=v'");
    assertTrue(err.startsWith("datafs: invalid metadata '\uFFFD=v': not valid UTF-8"), err);
    assertEquals(1, datafs.ok("log", "cats", "--json").json().size(), "no version was made");
  }

  @Test
  void importSourceProblems() throws Exception {
    assertTrue(datafs.fails(1, "import", tmp.resolve("missing").toString(), "cats").contains("not a directory"));
    assertTrue(datafs.fails(1, "import", src.resolve("x.txt").toString(), "cats").contains("not a directory"));

    Path escaping = tmp.resolve("escaping");
    Trees.write(escaping.resolve("ok.txt"), "ok".getBytes());
    Files.createDirectories(escaping.resolve("sub"));
    Files.createSymbolicLink(escaping.resolve("sub/evil"), Path.of("../../etc/passwd"));
    String err = datafs.fails(1, "import", escaping.toString(), "cats");
    assertTrue(err.contains("symlink sub/evil points outside the dataset: ../../etc/passwd"), err);

    Path absolute = tmp.resolve("absolute");
    Files.createDirectories(absolute);
    Files.createSymbolicLink(absolute.resolve("abs"), Path.of("/etc/hostname"));
    assertTrue(datafs.fails(1, "import", absolute.toString(), "cats").contains("symlink abs points outside"));

    Path fifo = tmp.resolve("fifo");
    Files.createDirectories(fifo);
    assertEquals(0, Trees.sh("mkfifo", fifo.resolve("pipe").toString()).exit());
    assertTrue(datafs.fails(1, "import", fifo.toString(), "cats").contains("cannot import special file"));

    assertEquals(1, datafs.ok("log", "cats", "--json").json().size(), "no failed import made a version");
    assertTrue(datafs.ok("verify").stdout().startsWith("ok: "));
  }

  @Test
  void anUnreadableFileIsNamed() throws Exception {
    Root.require();
    // Root reads everything, so the import runs as an unprivileged user on a store that user owns.
    Path home = tmp.resolve("nobody-home");
    Path data = tmp.resolve("nobody-src");
    Trees.write(data.resolve("fine.txt"), "fine".getBytes());
    Trees.write(data.resolve("secret/locked.bin"), "locked".getBytes());
    Trees.sh("chmod", "-R", "a+rX", tmp.toString());
    Trees.sh("chmod", "000", data.resolve("secret/locked.bin").toString());
    Files.createDirectories(home);
    Trees.sh("chown", "nobody", home.toString());
    String[] asNobody = {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env",
        "DATAFS_HOME=" + home, "HOME=" + home, Datafs.LAUNCHER.toString()};
    try {
      Trees.Shell r = Trees.sh(concat(asNobody, "import", data.toString(), "cats"));
      assertEquals(1, r.exit(), r.out());
      assertEquals("datafs: cannot read secret/locked.bin: permission denied", r.out().strip());
    } finally {
      Trees.sh(concat(asNobody, "daemon", "stop"));
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
