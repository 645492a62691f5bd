package io.datafs.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade over an in-memory index: import, commit with replay and conflicts, reading back. */
class RepositoryTest {
  static final DatasetName DS = new DatasetName("cats");
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  @TempDir Path tmp;
  Repository repo;
  Path src;

  @BeforeEach
  void open() throws Exception {
    repo = Repository.open(tmp.resolve("home"), dir -> new MemoryKvStore());
    src = tmp.resolve("src");
    write("a/one.txt", "one");
    write("a/two.txt", "two");
    write("b/big.bin", random(3 << 20));
    repo.importFolder(src, DS, OPTS, ImportProgress.NONE);
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void commitChangesOnlyWhatItNames() throws Exception {
    Path staged = write("staged", "new content");
    TreeMap<String, Change> changes = new TreeMap<>();
    changes.put("a/one.txt", new Change.PutFile(staged, 0600, 1_000_000_000L));
    changes.put("a/two.txt", new Change.Delete());
    changes.put("c", new Change.PutDir(0755, 0));
    changes.put("c/link", new Change.PutSymlink("../a/one.txt", 0));
    ImportResult r = repo.commit(DS, 1, changes, OPTS);
    Version v2 = r.version();
    assertEquals(2, v2.record().number());
    assertEquals("new content", cat(v2, "a/one.txt"));
    assertThrows(NotFoundException.class, () -> repo.stat(v2, "a/two.txt"));
    assertEquals("../a/one.txt", repo.stat(v2, "c/link").target());
    assertEquals(1, repo.stat(v2, "b/big.bin").changedIn());
    assertEquals(2, repo.stat(v2, "a").changedIn());
    assertEquals(new Totals(2, 3, 1, 11 + (3 << 20)), v2.record().totals());
    assertTrue(repo.verify(null).ok());

    List<String> diff = new ArrayList<>();
    repo.diff(repo.resolve("cats@v1"), v2, (p, a, b) -> diff.add((a == null ? "A " : b == null ? "D " : "M ") + p));
    assertEquals(List.of("M a/one.txt", "D a/two.txt", "A c", "A c/link"), diff);
  }

  @Test
  void aCommitOnAnOldBaseIsReplayedWhenNothingCollides() throws Exception {
    TreeMap<String, Change> first = new TreeMap<>();
    first.put("a/two.txt", new Change.Delete());
    repo.commit(DS, 1, first, OPTS);
    TreeMap<String, Change> second = new TreeMap<>();
    second.put("b/new.txt", new Change.PutFile(write("n", "n"), 0644, 0));
    Version v3 = repo.commit(DS, 1, second, OPTS).version();
    assertEquals(3, v3.record().number());
    assertEquals("n", cat(v3, "b/new.txt"));
    assertThrows(NotFoundException.class, () -> repo.stat(v3, "a/two.txt"), "the other commit's delete stays");
  }

  @Test
  void aCollidingCommitStopsAndNamesThePaths() throws Exception {
    TreeMap<String, Change> first = new TreeMap<>();
    first.put("a/one.txt", new Change.PutFile(write("x", "x"), 0644, 0));
    repo.commit(DS, 1, first, OPTS);
    TreeMap<String, Change> second = new TreeMap<>();
    second.put("a/one.txt", new Change.Delete());
    ConflictException e = assertThrows(ConflictException.class, () -> repo.commit(DS, 1, second, OPTS));
    assertTrue(e.getMessage().contains("a/one.txt"), e.getMessage());
    assertEquals(2, repo.resolve("cats").record().number());
  }

  @Test
  void aCommitNeverPublishesASymlinkThatLeavesTheDataset() throws Exception {
    TreeMap<String, Change> nested = new TreeMap<>();
    nested.put("a/deep", new Change.PutDir(0755, 0));
    nested.put("a/deep/link", new Change.PutSymlink("../../b/big.bin", 0));
    Version v2 = repo.commit(DS, 1, nested, OPTS).version();

    TreeMap<String, Change> linkUp = new TreeMap<>();
    linkUp.put("link", new Change.PutSymlink("../../b/big.bin", 0));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> repo.commit(DS, 2, linkUp, OPTS));
    assertTrue(e.getMessage().contains("link -> ../../b/big.bin"), e.getMessage());

    TreeMap<String, Change> dirUp = new TreeMap<>();
    dirUp.put("a/deep", new Change.Delete());
    ObjectId deep = repo.stat(v2, "a/deep").contentId();
    dirUp.put("deep", new Change.PutEntry(TreeEntry.dir("deep", 0755, 0, 0, deep)));
    e = assertThrows(InvalidInputException.class, () -> repo.commit(DS, 2, dirUp, OPTS));
    assertTrue(e.getMessage().contains("deep/link -> ../../b/big.bin"), e.getMessage());
    assertEquals(2, repo.resolve("cats").record().number(), "nothing published");

    TreeMap<String, Change> dirDown = new TreeMap<>();
    dirDown.put("a/deep", new Change.Delete());
    dirDown.put("a/two.txt", new Change.Delete());
    dirDown.put("b/deeper", new Change.PutEntry(TreeEntry.dir("deeper", 0755, 0, 0, deep)));
    assertEquals(3, repo.commit(DS, 2, dirDown, OPTS).version().record().number(), "deeper stays inside");
  }

  @Test
  void deletingADirectoryTakesItsTotalsAlong() throws Exception {
    TreeMap<String, Change> changes = new TreeMap<>();
    changes.put("a", new Change.Delete());
    Version v2 = repo.commit(DS, 1, changes, OPTS).version();
    assertEquals(new Totals(1, 1, 0, 3 << 20), v2.record().totals());
    assertFalse(repo.stat(v2, "").contentId().equals(repo.stat(repo.resolve("cats@v1"), "").contentId()));
  }

  @Test
  void reimportKeepsChangedInOfUnchangedEntries() throws Exception {
    write("a/one.txt", "changed");
    ImportResult r = repo.importFolder(src, DS, OPTS, ImportProgress.NONE);
    TreeEntry two = repo.stat(r.version(), "a/two.txt");
    assertEquals(1, two.changedIn());
    assertEquals(2, repo.stat(r.version(), "a/one.txt").changedIn());
    assertEquals(1, repo.stat(r.version(), "b").changedIn());
    assertEquals(1, r.chunksAdded());
  }

  private String cat(Version v, String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, path, out);
    return out.toString();
  }

  private Path write(String rel, String content) throws Exception {
    return write(rel, content.getBytes());
  }

  private Path write(String rel, byte[] content) throws Exception {
    Path p = (rel.contains("/") ? src : tmp).resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.write(p, content);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(1).nextBytes(b);
    return b;
  }
}
