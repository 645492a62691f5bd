package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.core.id.ObjectId;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.sync.CraftedRemote;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.VersionCodec;
import io.datafs.core.version.VersionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** push, pull and listing a remote with the real launcher, through a folder remote; bad remotes as one line. */
class PushPullTest {
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

  @Test
  void pushThenPullIntoAFreshHomeGivesTheSameFolder() throws Exception {
    a.ok("import", src.toString(), "cats", "-m", "first");
    a.ok("tag", "cats@v1", "first");
    String pushed = a.ok("push").stdout();
    assertTrue(pushed.startsWith("pushed cats@v1 to origin (file://" + remote + "): 3 packs, "), pushed);
    assertTrue(pushed.strip().endsWith(", 1 tag"), pushed);
    SortedMap<String, Long> before = listing(remote);
    assertEquals("everything is up to date on origin (file://" + remote + ")", a.ok("push").stdout().strip());
    assertEquals(before, listing(remote), "pushing again uploads nothing");

    assertTrue(b.ok("datasets", "--remote").stdout().startsWith("cats "));
    assertTrue(b.ok("log", "cats", "--remote", "origin").stdout().contains("first  (first)"));
    assertEquals(a.ok("ls", "-R", "-l", "cats").stdout(), b.ok("ls", "-R", "-l", "cats", "--remote").stdout());
    assertEquals("", b.ok("datasets").stdout(), "listing a remote pulls nothing");

    String pulled = b.ok("pull", "cats").stdout();
    assertTrue(pulled.startsWith("pulled cats@v1 from origin"), pulled);
    Path out = tmp.resolve("out");
    b.ok("export", "cats@first", out.toString());
    Trees.assertSameTree(src, out);
    assertEquals(0, b.run("verify").exit());
    assertEquals(a.ok("log", "cats", "--json").json(), b.ok("log", "cats", "--json").json());

    Trees.write(src.resolve("a/hello world.txt"), "changed\n".getBytes());
    a.ok("import", src.toString(), "cats", "-m", "second");
    String second = a.ok("push", "cats").stdout();
    assertTrue(second.startsWith("pushed cats@v2 to origin"), second);
    assertTrue(second.contains(": 2 packs, "), "only the new data and metadata packs: " + second);
    assertTrue(b.ok("pull", "cats").stdout().startsWith("pulled cats@v2 from origin"));
    Path out2 = tmp.resolve("out2");
    b.ok("export", "cats", out2.toString());
    Trees.assertSameTree(src, out2);
  }

  @Test
  void aVersionNumberTakenOnTheRemoteIsAConflict() throws Exception {
    a.ok("import", src.toString(), "cats");
    a.ok("push");
    b.ok("pull", "cats");
    Trees.write(src.resolve("theirs.txt"), "theirs".getBytes());
    a.ok("import", src.toString(), "cats");
    a.ok("push");
    Path mine = Trees.sample(tmp.resolve("mine"));
    Trees.write(mine.resolve("mine.txt"), "mine".getBytes());
    b.ok("import", mine.toString(), "cats");
    SortedMap<String, Long> before = listing(remote);
    assertEquals("datafs: the remote's cats@v2 is a different version: pull it first (file://" + remote + "); the"
        + " dataset diverged: `datafs pull --rebase cats` replays this store's versions after the remote's",
        b.fails(1, "push").strip());
    assertEquals(before, listing(remote));
    assertTrue(b.fails(1, "pull", "cats").contains("cats@v2 here is a different version than the remote's"));
  }

  @Test
  void badRemotesAreOneLineErrors() throws Exception {
    a.ok("import", src.toString(), "cats");
    assertTrue(
        homes.at(tmp.resolve("c")).fails(1, "push").contains("no remote to use: add one with `datafs remote add"));
    assertTrue(a.withEnv("DATAFS_REMOTE_URL", "gs://bucket/x").fails(1, "push").contains("unknown remote scheme 'gs'"));
    Path gone = tmp.resolve("gone");
    String missing = a.withEnv("DATAFS_REMOTE_URL", gone.toString()).fails(1, "push");
    assertTrue(missing.contains("remote folder " + gone + " does not exist"), missing);

    Path newer = Files.createDirectories(tmp.resolve("newer"));
    Files.writeString(newer.resolve("datafs.json"), "{\"chunker\":{\"algorithm\":\"fastcdc-2020-normalized-2\","
        + "\"avg\":1048576,\"max\":4194304,\"min\":262144},\"format\":2}");
    Datafs toNewer = a.withEnv("DATAFS_REMOTE_URL", newer.toString());
    for (String[] cmd : new String[][] {{"push"}, {"pull", "cats"}, {"log", "cats", "--remote"},
        {"datasets", "--remote"}}) {
      String err = toNewer.fails(1, cmd);
      assertTrue(err.contains("was written by a newer datafs (format 2; this one reads up to 1): upgrade datafs"), err);
    }
    Path other = Files.createDirectories(tmp.resolve("other-chunking"));
    Files.writeString(other.resolve("datafs.json"), "{\"chunker\":{\"algorithm\":\"fastcdc-2020-normalized-2\","
        + "\"avg\":262144,\"max\":1048576,\"min\":65536},\"format\":1}");
    String chunking = a.withEnv("DATAFS_REMOTE_URL", other.toString()).fails(1, "push");
    assertTrue(chunking.contains(
        "was initialised with different chunking (fastcdc-2020-normalized-2 65536/262144/1048576)"
        + " than this store (fastcdc-2020-normalized-2 262144/1048576/4194304)"), chunking);
    assertEquals(List.of(other.resolve("datafs.json")), files(other), "nothing was uploaded");
  }

  @Test
  void aRemoteWithBadNamesOrEscapingLinksIsRefusedOnPullAndMount() throws Exception {
    byte[] content = "x".getBytes();
    List<List<TreeEntry>> bad = List.of(
        List.of(CraftedRemote.file("..", content)),
        List.of(CraftedRemote.file("a/b", content)),
        List.of(CraftedRemote.file("nul\0", content)),
        List.of(CraftedRemote.file("n".repeat(256), content)),
        List.of(TreeEntry.symlink("escape", 0777, 0, 1, "../../../etc/passwd")));
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    boolean fuse = !"1".equals(System.getenv("DATAFS_SKIP_FUSE_TESTS"));
    if (fuse) Fuse.require();
    for (int i = 0; i < bad.size(); i++) {
      Path folder = Files.createDirectories(tmp.resolve("evil" + i));
      CraftedRemote.version(new LocalFolderRemote(RemoteUrl.parse(folder.toString())),
          Files.createDirectories(tmp.resolve("work" + i)), "evil", bad.get(i), List.of(content));
      Datafs viaEvil = b.withEnv("DATAFS_REMOTE_URL", folder.toString());
      String err = viaEvil.fails(1, "pull", "evil");
      assertTrue(err.startsWith("datafs: refusing evil@v1 of remote file://" + folder + ": "), err);
      if (fuse) {
        assertTrue(viaEvil.fails(1, "mount", "evil", mnt.toString()).startsWith("datafs: refusing evil@v1"));
        assertFalse(Fuse.isMounted(mnt));
      }
    }
    assertEquals("", b.ok("datasets").stdout(), "nothing of a refused remote is kept");
    assertTrue(files(tmp.resolve("b/packs")).isEmpty());
  }

  @Test
  void aRecordEditedOnTheRemoteIsRefusedNamingItsFileAndNothingIsStored() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Trees.write(src.resolve("n.txt"), ("v" + i).getBytes());
      a.ok("import", src.toString(), "cats", "-m", "v" + i);
    }
    a.ok("push");
    b.ok("pull", "cats@v2");
    Path record = remote.resolve("versions/cats/2.json");
    VersionRecord r = VersionCodec.decode(Files.readAllBytes(record)).record();
    byte[] edited = VersionCodec.encode(new VersionRecord(r.format(), r.dataset(), r.number(), r.root(), r.parent(),
        "rewritten history", r.author(), r.time(), r.metadata(), r.totals()));
    Files.delete(record);
    Files.write(record, edited);
    SortedMap<String, Long> before = listing(remote);
    JsonNode bLog = b.ok("log", "cats", "--json").json();

    String changed = "datafs: remote file://" + remote + ": versions/cats/2.json was changed after it was published: it"
        + " hashes to " + ObjectId.hash(edited).shortHex(12) + ", but this store saw it published as ";
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    for (Datafs store : List.of(a, b)) {
      for (String[] cmd : new String[][] {{"push"}, {"pull", "cats"}, {"log", "cats", "--remote"}}) {
        String err = store.fails(1, cmd);
        assertTrue(err.startsWith(changed), err);
      }
    }
    String err = b.fails(1, "mount", "cats@v3", mnt.toString()); // b lacks v3: the mount reads the remote
    assertTrue(err.startsWith(changed), err);
    assertFalse(Fuse.isMounted(mnt));
    assertEquals(before, listing(remote), "a refused push uploads nothing");
    assertEquals(bLog, b.ok("log", "cats", "--json").json(), "a refused pull stores nothing");

    // A store that never saw v2 still has v3's promise of its parent.
    Datafs fresh = homes.at(tmp.resolve("fresh"));
    fresh.ok("remote", "add", "origin", remote.toString());
    err = fresh.fails(1, "pull", "cats");
    assertTrue(err.matches("datafs: remote file://" + remote + ": versions/cats/2\\.json hashes to [0-9a-f]{12}, but"
        + " versions/cats/3\\.json names [0-9a-f]{12} as its parent: one of them was changed after it was published"),
        err);
    assertEquals("", fresh.ok("datasets").stdout());
  }

  @Test
  void aMultiGigabyteRecordIsRefusedAndTheDaemonLivesOn() throws Exception {
    a.ok("import", src.toString(), "cats");
    a.ok("tag", "cats@v1", "first");
    a.ok("push");
    String id = a.ok("show", "cats@v1", "--json").json().path("id").asText();
    String json = "{\"dataset\":\"cats\",\"id\":\"" + id + "\",\"tag\":\"beef\",\"version\":1}";
    Files.writeString(remote.resolve("tags/cats/beef.json"), json); // a tag an older datafs allowed
    Path record = remote.resolve("versions/cats/1.json");
    byte[] v1 = Files.readAllBytes(record);
    assertEquals(0, Trees.sh("truncate", "-s", "3G", record.toString()).exit());

    String refusal = "datafs: remote file://" + remote + ": versions/cats/1.json is larger than 16 MiB, the most a"
        + " version record may be: refused";
    assertEquals(refusal, b.fails(1, "pull", "cats"));
    long daemon = Long.parseLong(Files.readString(b.home().resolve("daemon.pid")).strip());
    assertEquals(refusal, b.fails(1, "log", "cats", "--remote"));
    assertEquals(refusal, b.fails(1, "datasets", "--remote"));
    assertEquals(refusal, a.fails(1, "push"));
    assertEquals("", b.ok("datasets").stdout(), "nothing stored");
    assertEquals(daemon, Long.parseLong(Files.readString(b.home().resolve("daemon.pid")).strip()), "the same daemon");

    // Put back, the remote pulls; the tag an older datafs allowed is skipped with a note, not fatal.
    Files.delete(record);
    Files.write(record, v1);
    String pulled = b.ok("pull", "cats").stdout();
    assertTrue(pulled.contains(
        "\nskipped the remote's tag cats@beef: 4 or more hex digits read as a version id prefix"), pulled);
    assertTrue(b.ok("log", "cats").stdout().contains("(first)"));
  }

  static SortedMap<String, Long> listing(Path root) throws Exception {
    SortedMap<String, Long> out = new TreeMap<>();
    for (Path p : files(root)) out.put(root.relativize(p).toString(),
        Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p));
    return out;
  }

  static List<Path> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
