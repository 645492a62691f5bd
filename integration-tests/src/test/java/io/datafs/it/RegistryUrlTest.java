package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder registry used by its URL alone (DVC's list and get: no store, nothing left behind), and by import-version
 * and update (a source that moved or lost the version is said in one line). The S3 side, with bytes counted on the
 * wire, is {@link RegistryS3Test}.
 */
class RegistryUrlTest {
  @TempDir static Path shared;
  static Path src;
  static Path published;
  static Datafs writer;
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  /** This test's copy of the registry, which it may damage or move. */
  Path registry;

  @BeforeAll
  static void publish() throws Exception {
    src = Trees.sample(shared.resolve("src"));
    published = Files.createDirectories(shared.resolve("registry"));
    writer = new Datafs(shared.resolve("writer"));
    writer.ok("import", src.toString(), "cats");
    writer.ok("remote", "add", "origin", published.toString());
    writer.ok("push");
  }

  @AfterAll
  static void stopWriter() {
    if (writer != null) writer.stopDaemon();
  }

  @BeforeEach
  void copyOfTheRegistry() throws Exception {
    registry = tmp.resolve("registry");
    assertEquals(0, Trees.sh("cp", "-a", published.toString(), registry.toString()).exit());
  }

  @Test
  void aUrlIsListedAndGotWithNoStoreAndNothingLeftBehind() throws Exception {
    Storeless client = Storeless.in(tmp);
    String url = registry.toString();
    String datasets = client.datafs.ok("datasets", url).stdout();
    assertTrue(datasets.startsWith("cats "), datasets);
    assertEquals("cats", client.datafs.ok("datasets", "file://" + url, "--json").json().get(0).get("name").asText());
    assertEquals(writer.ok("ls", "-R", "--json", "cats@v1").json(),
        client.datafs.ok("ls", url, "cats@v1", "-R", "--json").json(), "the listing of the store that made it");
    assertEquals(writer.ok("ls", "-l", "cats", "data").stdout(),
        client.datafs.ok("ls", "-l", url, "cats", "data").stdout());

    Path all = tmp.resolve("got/all");
    String got = client.datafs.ok("get", url, "cats@v1", all.toString()).stdout();
    assertTrue(got.startsWith("got cats@v1 into " + all + ": 56 files, "), got);
    Trees.assertSameTree(src, all); // directories, modes, mtimes, symlinks, empty ones too
    Path data = tmp.resolve("got/data");
    client.datafs.ok("get", url, "cats@v1:data", data.toString());
    Trees.assertSameTree(src.resolve("data"), data);
    Path one = tmp.resolve("got/run.sh");
    client.datafs.ok("get", url, "cats:bin/run.sh", one.toString());
    assertArrayEquals(Files.readAllBytes(src.resolve("bin/run.sh")), Files.readAllBytes(one));
    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(one)));
    client.assertNothingLeft();
  }

  @Test
  void aGetIsWholeOrNothingAndBadInputIsOneLineWithNothingWritten() throws Exception {
    Storeless client = Storeless.in(tmp);
    Datafs c = client.datafs;
    String url = registry.toString();
    Path got = Files.createDirectories(tmp.resolve("got"));
    Path full = Trees.write(got.resolve("full/mine.txt"), "mine".getBytes()).getParent();
    assertEquals("datafs: target folder is not empty: " + full, c.fails(1, "get", url, "cats", full.toString()));
    Path file = Trees.write(got.resolve("file.txt"), "keep".getBytes());
    assertEquals("datafs: target exists: " + file, c.fails(1, "get", url, "cats:a/b/deep.txt", file.toString()));
    assertEquals("datafs: no such path in cats@v1: nope",
        c.fails(1, "get", url, "cats:nope", got.resolve("x").toString()));
    assertEquals("datafs: remote file://" + url + " has no version 'v9' of 'cats' (latest is v1)",
        c.fails(1, "get", url, "cats@v9", got.resolve("x").toString()));
    assertTrue(c.fails(1, "get", "s3://key:secret@bucket/r", "cats", got.resolve("x").toString())
        .contains("credentials do not belong in a remote URL"));
    assertEquals("datafs: not a remote URL: 'registry' (a folder is written with a '/', as ./registry)",
        c.fails(1, "get", "registry", "cats", got.resolve("x").toString()));
    assertTrue(c.fails(1, "ls", tmp.resolve("nowhere").toString(), "cats").contains("does not exist"));
    assertEquals("datafs: no dataset named 'registry' ('registry' is a remote's folder: write it with a '/', as "
        + "./registry)", writer.shellFails(1, "cd '" + tmp + "' && \"$DATAFS\" ls registry cats"));

    Path pack;
    try (Stream<Path> s = Files.walk(registry.resolve("packs"))) {
      pack = s.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x01);
    }
    String damaged = c.fails(1, "get", url, "cats", got.resolve("x").toString());
    assertTrue(damaged.contains("does not match its hash, twice: refused"), damaged);

    assertEquals("mine", Files.readString(full.resolve("mine.txt")));
    assertEquals("keep", Files.readString(file));
    try (Stream<Path> s = Files.list(got)) {
      assertEquals(List.of("file.txt", "full"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "no x, and no temporary folder beside it");
    }
    client.assertNothingLeft();
  }

  @Test
  void anImportFollowsItsSourceUntilItMovesOrLosesTheVersion() throws Exception {
    Datafs reader = homes.at(tmp.resolve("reader"));
    String url = registry.toString();
    String made = reader.ok("import-version", url, "cats@v1", "--as", "pets").stdout();
    assertTrue(made.startsWith("imported file://" + url + " cats@v1 as pets@v1  56 files, "), made);
    String shown = reader.ok("show", "pets").stdout();
    assertTrue(shown.contains("\nimported: file://" + url + " cats@v1  ("), shown);
    assertEquals("pets is up to date: pets@v1 is cats@v1 of file://" + url + ", its latest\n",
        reader.ok("update", "pets").stdout());
    Path out = tmp.resolve("out");
    reader.ok("export", "pets", out.toString());
    Trees.assertSameTree(src, out);

    Path record = registry.resolve("versions/cats/1.json");
    Path kept = Files.move(record, tmp.resolve("1.json"));
    assertEquals("datafs: the source of pets@v1, file://" + url + ", no longer holds dataset 'cats'",
        reader.fails(1, "update", "pets"));
    Trees.write(registry.resolve("versions/cats/2.json"), Files.readAllBytes(kept)); // not v1's: lost
    assertTrue(reader.fails(1, "update", "pets").contains(", lost cats@v1, the version imported (its latest is v2)"));
    Files.delete(registry.resolve("versions/cats/2.json"));
    Files.move(kept, record);
    Files.move(registry, tmp.resolve("moved"));
    assertEquals("datafs: the source of pets@v1, file://" + url + ", is gone (moved or deleted): remote folder " + url
        + " does not exist (file://" + url + "): create it first", reader.fails(1, "update", "pets"));
    assertEquals("datafs: cats@v1 was not imported from a registry (datafs import-version makes such versions): "
        + "nothing to update", writer.fails(1, "update", "cats"));
    assertFalse(Files.exists(tmp.resolve("reader/records/versions/pets/2.json"), LinkOption.NOFOLLOW_LINKS));
  }
}
