package io.datafs.core.registry;

import static io.datafs.core.registry.DownloadTest.assertBetween;
import static io.datafs.core.registry.DownloadTest.random;
import static io.datafs.core.registry.DownloadTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version of another registry imported into a store ({@link Repository#importRemote}, {@link TreeCopy}) with its
 * source in the record, and followed when the source publishes ({@link SourceCheck}).
 */
class RemoteImportTest {
  static final int ONE = 300_000;
  @TempDir Path tmp;
  Path src;
  Repository origin;
  Repository store;
  RemoteUrl url;
  RemoteRef ref;
  Remote remote;

  @BeforeEach
  void published() throws Exception {
    src = tmp.resolve("src");
    Random rnd = new Random(9);
    write(src.resolve("a/one.bin"), random(rnd, ONE));
    write(src.resolve("a/two.txt"), "two".getBytes(StandardCharsets.UTF_8));
    write(src.resolve("sub/inner.bin"), random(rnd, 4000));
    Files.createDirectories(src.resolve("sub/empty"));
    Files.createSymbolicLink(src.resolve("b-link"), Path.of("a/two.txt"));
    origin = Repository.open(tmp.resolve("origin"), d -> new MemoryKvStore());
    url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    ref = new RemoteRef(url, null);
    remote = new LocalFolderRemote(url);
    publish();
    store = Repository.open(tmp.resolve("store"), d -> new MemoryKvStore());
  }

  @AfterEach
  void close() {
    origin.close();
    store.close();
  }

  private void publish() {
    origin.importFolder(src, new DatasetName("cats"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
    origin.sync().push(remote, ref, null, TransferProgress.NONE);
  }

  /** What import-version does: the version at {@code address} of the remote, directory {@code path}, as {@code ds}. */
  private record Imported(ImportResult result, long bytesFetched) {}

  private Imported importVersion(String address, String path, String ds) {
    try (RemoteBrowser browser = store.sync().browse(remote, ref); RemoteFiles content = new RemoteFiles(browser)) {
      Version v = browser.resolve(address);
      ImportSource origin = new ImportSource(url.toString(), null, "cats", v.record().number(), v.id().hex(), path);
      ImportResult r = store.importRemote(browser, v, path, origin, new DatasetName(ds),
          new ImportOptions("", "me", Map.of()), content);
      return new Imported(r, content.bytesFetched());
    }
  }

  @Test
  void anImportIsTheSourceTreeWithItsSourceRecordedAndOnlyNewChunksAreFetchedNext() throws Exception {
    Imported first = importVersion("cats@v1", "", "pets");
    Version v1 = first.result().version();
    assertEquals(entries(origin, origin.resolve("cats@v1")), entries(store, v1),
        "every entry as it was, empty dir too");
    assertEquals(new ImportSource(url.toString(), null, "cats", 1, origin.resolve("cats@v1").id().hex(), ""),
        v1.record().source());
    assertBetween(ONE + 4000 + 3, ONE + 4000 + 3 + 4096, first.bytesFetched(), "the version's bytes, once");
    String json = new String(VersionCodec.encode(v1.record()), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"source\":{\"dataset\":\"cats\",\"endpoint\":null,\"id\":\""), json);
    String plain = new String(VersionCodec.encode(origin.resolve("cats@v1").record()), StandardCharsets.UTF_8);
    assertFalse(plain.contains("source"), "a version not imported has no source key, so old ids stay: " + plain);

    write(src.resolve("a/one.bin"), random(new Random(10), ONE)); // changed
    write(src.resolve("a/three.bin"), random(new Random(11), 2000)); // added
    publish();
    Imported second = importVersion("cats@v2", "", "pets");
    Version v2 = second.result().version();
    assertBetween(ONE + 2000, ONE + 2000 + 4096, second.bytesFetched(), "only the changed and added files' chunks");
    List<String> changed = new ArrayList<>();
    store.diff(v1, v2, (p, a, b) -> changed.add(p));
    assertEquals(List.of("a/one.bin", "a/three.bin"), changed);
    assertEquals(1, store.stat(v2, "a/two.txt").changedIn(), "an entry as it was keeps the version that made it");
    assertEquals(1, store.stat(v2, "sub").changedIn(), "and so does a directory");
    assertEquals(2, store.stat(v2, "a").changedIn());
    assertTrue(store.verify(null).ok(), "every chunk of both versions is in the store");
  }

  @Test
  void aDirectoryIsImportedAloneAndOneWhoseSymlinkClimbsOutIsRefusedWithNothingPublished() throws Exception {
    Version sub = importVersion("cats", "sub", "inner").result().version();
    assertEquals(List.of("empty", "inner.bin"), entries(store, sub).stream().map(e -> e.split(" ")[0]).toList());
    assertEquals("sub", sub.record().source().path());

    Files.createSymbolicLink(src.resolve("sub/up"), Path.of("../a/two.txt"));
    publish();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> importVersion("cats@v2", "sub", "inner"));
    assertEquals("refusing the import: a symlink would leave the dataset's root: up -> ../a/two.txt", e.getMessage());
    assertEquals(1, store.log(new DatasetName("inner")).size(), "nothing published");
    InvalidInputException file = assertThrows(InvalidInputException.class,
        () -> importVersion("cats", "a/one.bin", "x"));
    assertEquals("cats@v2:a/one.bin is a file: import a directory", file.getMessage());
  }

  @Test
  void theSourceIsFollowedAndOneThatMovedLostOrRewroteTheVersionIsSaidInOneLine() throws Exception {
    Version pets = importVersion("cats", "", "pets").result().version();
    try (RemoteBrowser browser = store.sync().browse(remote, ref)) {
      assertNull(SourceCheck.newer(browser, pets), "up to date");
    }
    publish();
    try (RemoteBrowser browser = store.sync().browse(remote, ref)) {
      assertEquals(2, SourceCheck.newer(browser, pets).record().number());
    }

    // another registry's cats@v1 put in place of the one imported
    Repository other = Repository.open(tmp.resolve("other"), d -> new MemoryKvStore());
    write(tmp.resolve("other-src/x"), "x".getBytes(StandardCharsets.UTF_8));
    other.importFolder(tmp.resolve("other-src"), new DatasetName("cats"), new ImportOptions("", "me", Map.of()),
        ImportProgress.NONE);
    RemoteUrl otherUrl = RemoteUrl.parse(Files.createDirectories(tmp.resolve("other-remote")).toString());
    other.sync().push(new LocalFolderRemote(otherUrl), new RemoteRef(otherUrl, null), null, TransferProgress.NONE);
    other.close();
    Path record = url.folder().resolve("versions/cats/1.json");
    Path kept = Files.move(record, tmp.resolve("1.json"));
    Files.copy(otherUrl.folder().resolve("versions/cats/1.json"), record);
    String from = "the source of pets@v1, " + url;
    assertEquals(from + ", holds another cats@v1 than the one imported (id "
        + VersionCodec.decode(Files.readAllBytes(record)).id().shortHex(12) + ", imported "
        + pets.record().source().id().substring(0, 12) + "): it was rewritten", newerFails());

    Files.delete(record);
    assertEquals(from + ", lost cats@v1, the version imported (its latest is v2)", newerFails());

    Files.move(kept, record);
    Files.move(url.folder(), tmp.resolve("moved"), StandardCopyOption.ATOMIC_MOVE);
    assertEquals(from + ", is gone (moved or deleted): remote folder " + url.folder() + " does not exist (" + url
        + "): create it first", newerFails());
  }

  private String newerFails() {
    Version pets = store.resolve("pets");
    try (RemoteBrowser browser = store.sync().browse(remote, ref)) {
      return assertThrows(NotFoundException.class, () -> SourceCheck.newer(browser, pets)).getMessage();
    }
  }

  /** Every entry below a version's root, as "path kind mode size mtime content" (no changedIn). */
  private static List<String> entries(Repository repo, Version v) {
    List<String> out = new ArrayList<>();
    repo.list(v, "", true, (p, e) -> {
      out.add(p + " " + describe(e));
      return true;
    });
    return out;
  }

  private static String describe(TreeEntry e) {
    return e.kind() + " " + Integer.toOctalString(e.mode()) + " " + e.size() + " " + e.mtimeNanos() + " "
        + (e.isDir() ? "" : e.isFile() ? e.contentId().hex() : e.target());
  }
}
