package io.datafs.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.FaultyRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pull --rebase} between two stores of one folder remote: b made versions locally while a published its own
 * with the same numbers. b's are replayed after a's (messages, tags, files added, changed, deleted, a directory's mode
 * changed, a directory deleted with what it held), or refused with nothing changed.
 */
class RebaserTest {
  static final DatasetName CATS = new DatasetName("cats");
  static final LongConsumer ANY = first -> {};
  @TempDir Path tmp;
  Repository a;
  Repository b;
  FaultyRemote remote;
  RemoteRef ref;

  @BeforeEach
  void oneVersionInBothStores() throws Exception {
    a = Repository.open(tmp.resolve("a"), dir -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    remote = new FaultyRemote(new LocalFolderRemote(url));
    ref = new RemoteRef(url, null);
    Path src = tmp.resolve("src");
    write(src.resolve("a/one.txt"), "one");
    write(src.resolve("b/two.txt"), "two");
    write(src.resolve("c/gone/three.txt"), "three");
    a.importFolder(src, CATS, options("first"), ImportProgress.NONE);
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void theLocalVersionsAreReplayedAfterTheRemotesWithTheirMessagesTagsAndChanges() throws Exception {
    Version b2 = commit(b, 1, Map.of("b/new.txt", put("new"), "b/two.txt", put("two, b's")), "b's first");
    b.tag(b2, new TagName("mine"));
    commit(b, 2, Map.of("c/gone", new Change.Delete(), "b", new Change.PutDir(0700, 5_000_000_000L)), "b's second");
    commit(a, 1, Map.of("a/one.txt", put("one, a's"), "d", new Change.PutDir(0755, 0), "d/four.txt", put("four")),
        "a's");
    a.sync().push(remote, ref, null, TransferProgress.NONE);

    Rebaser.Result r = b.sync().pullRebase(remote, ref, "origin", CATS, false, TransferProgress.NONE, ANY);

    assertEquals(List.of(2L, 3L), r.replayed().stream().map(v -> v.record().number()).toList());
    assertEquals(List.of(3L, 4L), r.made().stream().map(v -> v.record().number()).toList());
    List<Version> log = b.log(CATS);
    assertEquals(List.of("first", "a's", "b's first", "b's second"),
        log.stream().map(v -> v.record().message()).toList());
    assertEquals(a.resolve("cats@v2").id(), log.get(1).id(), "the remote's version, as it is");
    assertEquals(log.get(1).id().hex(), log.get(2).record().parent(), "b's first now follows a's");
    assertEquals(log.get(2).id().hex(), log.get(3).record().parent());
    assertEquals(3L, b.tags(CATS).get("mine"), "the tag moves with its version");
    Version top = b.resolve("cats");
    assertEquals("one, a's", cat(b, top, "a/one.txt"));
    assertEquals("four", cat(b, top, "d/four.txt"));
    assertEquals("two, b's", cat(b, top, "b/two.txt"));
    assertEquals("new", cat(b, top, "b/new.txt"));
    assertEquals("three", cat(b, b.resolve("cats@v3"), "c/gone/three.txt"), "v3 is b's first: c still there");
    assertThrows(DatafsException.class, () -> b.stat(top, "c/gone"));
    assertEquals(0700, b.stat(top, "b").mode() & 0777, "a directory's new mode, its content kept");
    assertEquals(5_000_000_000L, b.stat(top, "b").mtimeNanos());

    assertEquals(2, b.sync().push(remote, ref, "cats", TransferProgress.NONE).versions().size(), "b can publish now");
    a.sync().pull(remote, ref, "cats", false, TransferProgress.NONE);
    assertEquals(top.id(), a.resolve("cats").id());
  }

  @Test
  void aPathBothChangedIsNamedAndNothingChanges() throws Exception {
    commit(b, 1, Map.of("a/one.txt", put("b's"), "b/other.txt", put("other")), "b's");
    commit(b, 2, Map.of("c/gone/more.txt", put("more")), "b's again");
    commit(a, 1, Map.of("a/one.txt", put("a's"), "c/gone", new Change.Delete()), "a's");
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    List<Version> before = b.log(CATS);
    Path records = tmp.resolve("b/records/versions/cats");
    List<Path> files = list(records);

    ConflictException e = assertThrows(ConflictException.class,
        () -> b.sync().pullRebase(remote, ref, "origin", CATS, false, TransferProgress.NONE, ANY));
    assertEquals("cannot rebase cats@v2..v3 onto origin's cats@v2: changed both here and there: a/one.txt, c/gone;"
        + " nothing changed", e.getMessage());
    assertEquals(before, b.log(CATS));
    assertEquals(files, list(records));
  }

  @Test
  void aPullThatFailsPutsTheLocalVersionsBackWithTheirTags() throws Exception {
    Version b2 = commit(b, 1, Map.of("b/new.txt", put("new")), "b's");
    b.tag(b2, new TagName("mine"));
    commit(a, 1, Map.of("d", new Change.PutDir(0755, 0), "d/four.txt", put("four")), "a's");
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    List<Version> before = b.log(CATS);

    // the remote goes away between the check and the pull
    assertThrows(DatafsException.class, () -> b.sync().pullRebase(remote, ref, "origin", CATS, false,
        TransferProgress.NONE, first -> remote.failAlways(FaultyRemote.Fault.DENIED)));
    assertEquals(before, b.log(CATS));
    assertEquals(2L, b.tags(CATS).get("mine"));
    assertTrue(Files.exists(tmp.resolve("b/records/versions/cats/2.json")));
    remote.heal();
  }

  @Test
  void aTagTheRemoteGaveAnotherVersionStaysThereAndIsSaid() throws Exception {
    b.tag(commit(b, 1, Map.of("b/new.txt", put("new")), "b's"), new TagName("release"));
    a.tag(commit(a, 1, Map.of("d", new Change.PutDir(0755, 0), "d/four.txt", put("four")), "a's"),
        new TagName("release"));
    a.sync().push(remote, ref, null, TransferProgress.NONE);

    Rebaser.Result r = b.sync().pullRebase(remote, ref, "origin", CATS, false, TransferProgress.NONE, ANY);
    assertEquals(2L, b.tags(CATS).get("release"), "the remote's tag, on the remote's version");
    assertEquals(List.of("the tag cats@release of cats@v2 is not moved to cats@v3: tag 'release' already names"
        + " cats@v2"), r.notes());
  }

  @Test
  void aMountOfAVersionToBeReplayedCanRefuseBeforeAnythingChanges() throws Exception {
    commit(b, 1, Map.of("b/new.txt", put("new")), "b's");
    commit(a, 1, Map.of("d", new Change.PutDir(0755, 0), "d/four.txt", put("four")), "a's");
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    List<Version> before = b.log(CATS);
    long[] told = {0};
    assertThrows(IllegalStateException.class, () -> b.sync().pullRebase(remote, ref, "origin", CATS, false,
        TransferProgress.NONE, first -> {
          told[0] = first;
          throw new IllegalStateException("mounted");
        }));
    assertEquals(2, told[0]);
    assertEquals(before, b.log(CATS));
  }

  @Test
  void withNothingLocalItIsAPullAndWithNothingNewOnTheRemoteItChangesNothing() throws Exception {
    commit(a, 1, Map.of("d", new Change.PutDir(0755, 0), "d/four.txt", put("four")), "a's");
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    Rebaser.Result pulled = b.sync().pullRebase(remote, ref, "origin", CATS, false, TransferProgress.NONE, ANY);
    assertEquals(1, pulled.pulled().added().size());
    assertTrue(pulled.made().isEmpty());

    commit(b, 2, Map.of("b/new.txt", put("new")), "b's");
    Rebaser.Result ahead = b.sync().pullRebase(remote, ref, "origin", CATS, false, TransferProgress.NONE, ANY);
    assertNull(ahead.pulled());
    assertEquals(List.of(3L), ahead.replayed().stream().map(v -> v.record().number()).toList());
    assertEquals(3, b.log(CATS).size());
  }

  private Version commit(Repository repo, long base, Map<String, Change> changes, String message) {
    return repo.commit(CATS, base, new TreeMap<>(changes), options(message)).version();
  }

  private Change put(String content) throws Exception {
    Path f = Files.createTempFile(tmp, "staged", ".txt");
    Files.writeString(f, content);
    return new Change.PutFile(f, 0644, 1_000_000_000L);
  }

  private static ImportOptions options(String message) {
    return new ImportOptions(message, "me", Map.of());
  }

  private static String cat(Repository repo, Version v, String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, path, out);
    return out.toString();
  }

  private static void write(Path p, String s) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }

  private static List<Path> list(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
