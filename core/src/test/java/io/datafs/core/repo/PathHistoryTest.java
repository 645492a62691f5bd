package io.datafs.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeDiff;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log DS PATH} over random histories (files added, changed, re-moded, deleted; directories deleted whole and
 * made again, a file turned into a directory and back; a large directory of many pages), for every path that ever
 * existed and some that never did, against a reference that diffs every pair of consecutive versions whole; and the
 * cost: a path in a subtree no version changed costs two page reads a version, one in a large directory less than
 * diffing every version.
 */
class PathHistoryTest {
  static final DatasetName DS = new DatasetName("ds");
  static final List<String> DIRS = List.of("a", "a/b", "c", "big");
  static final List<String> NAMES = List.of("x", "y", "b", "z.txt");
  @TempDir Path tmp;
  Repository repo;

  @BeforeEach
  void open() {
    repo = Repository.open(tmp.resolve("home"), dir -> new MemoryKvStore());
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void everyPathOfRandomHistoriesMatchesTheReference() throws Exception {
    Random r = new Random(16);
    TreeMap<String, Change> first = new TreeMap<>();
    for (int i = 0; i < 600; i++) first.put("big/" + String.format("%04d", i), put(r));
    first.put("a/x", put(r));
    first.put("big", new Change.PutDir(0755, 0));
    first.put("a", new Change.PutDir(0755, 0));
    repo.importFolder(Files.createDirectories(tmp.resolve("empty")), DS, new ImportOptions("0", "me", Map.of()),
        io.datafs.core.ingest.ImportProgress.NONE);
    repo.commit(DS, 1, first, new ImportOptions("1", "me", Map.of()));
    for (int step = 2; step < 30; step++) {
      long head = repo.log(DS).size();
      TreeMap<String, Change> changes = new TreeMap<>();
      for (int k = 0; k < 1 + r.nextInt(3); k++) randomChange(r, changes, repo.resolve("ds"));
      try {
        repo.commit(DS, head, changes, new ImportOptions(String.valueOf(step), "me", Map.of()));
      } catch (RuntimeException e) { // a change under a path that is a file here: skip the step
        continue;
      }
    }
    List<Version> log = repo.log(DS);
    Set<String> paths = new TreeSet<>(List.of("", "nowhere", "a/nowhere/deeper", "big/0007", "big"));
    for (Version v : log) repo.list(v, "", true, (p, e) -> paths.add(p) || true);
    for (String path : paths) {
      List<Long> expected = reference(log, path);
      List<Long> got = repo.history(DS, path).stream().map(c -> c.version().record().number()).toList();
      assertEquals(expected, got, path);
    }
    assertTrue(paths.size() > 20, paths.toString());
  }

  @Test
  void kindsAndEntriesAreThoseOfTheChange() throws Exception {
    Random r = new Random(1);
    repo.importFolder(Files.createDirectories(tmp.resolve("empty")), DS, new ImportOptions("0", "me", Map.of()),
        io.datafs.core.ingest.ImportProgress.NONE);
    repo.commit(DS, 1, new TreeMap<>(Map.of("f", put(r))), new ImportOptions("add", "me", Map.of()));
    repo.commit(DS, 2, new TreeMap<>(Map.of("g", put(r))), new ImportOptions("other", "me", Map.of()));
    repo.commit(DS, 3, new TreeMap<>(Map.of("f", put(r))), new ImportOptions("change", "me", Map.of()));
    repo.commit(DS, 4, new TreeMap<>(Map.of("f", new Change.Delete())), new ImportOptions("rm", "me", Map.of()));
    List<PathHistory.Changed> h = repo.history(DS, "/f/");
    assertEquals(List.of(PathHistory.Kind.ADDED, PathHistory.Kind.MODIFIED, PathHistory.Kind.DELETED),
        h.stream().map(PathHistory.Changed::kind).toList());
    assertEquals(List.of(2L, 4L, 5L), h.stream().map(c -> c.version().record().number()).toList());
    assertEquals(repo.stat(repo.resolve("ds@v4"), "f"), h.get(1).entry());
    assertThrows(InvalidInputException.class, () -> repo.history(DS, "a/../f"));
  }

  @Test
  void onePathReadsFewPagesWhereDiffingEveryVersionReadsMany() throws Exception {
    Random r = new Random(2);
    TreeMap<String, Change> first = new TreeMap<>();
    for (int i = 0; i < 3000; i++) first.put("big/" + String.format("%05d", i), put(r));
    first.put("small/x", put(r));
    first.put("big", new Change.PutDir(0755, 0));
    first.put("small", new Change.PutDir(0755, 0));
    repo.importFolder(Files.createDirectories(tmp.resolve("empty")), DS, new ImportOptions("0", "me", Map.of()),
        io.datafs.core.ingest.ImportProgress.NONE);
    repo.commit(DS, 1, first, new ImportOptions("1", "me", Map.of()));
    for (int v = 2; v < 12; v++) {
      repo.commit(DS, v, new TreeMap<>(Map.of("big/" + String.format("%05d", r.nextInt(3000)), put(r))),
          new ImportOptions("m", "me", Map.of()));
    }
    List<Version> log = repo.log(DS);
    CountingPages pages = new CountingPages(repo);
    PathHistory.of(pages, log, "small/x");
    int onePath = pages.reads;
    pages.reads = 0;
    PathHistory.of(pages, log, "big/00017");
    int oneBigFile = pages.reads;
    pages.reads = 0;
    for (int i = 1; i < log.size(); i++) {
      TreeDiff.diff(pages, log.get(i - 1).rootId(), log.get(i).rootId(), (p, x, y) -> {});
    }
    int diffs = pages.reads;
    System.err.println("log of a path over " + log.size() + " versions of a 3000-entry directory: small/x " + onePath
        + " page reads, big/00017 " + oneBigFile + ", diffing every version " + diffs);
    // small/ is one subtree in every version: each version costs the lookup of "small" in two roots, no more
    assertTrue(onePath <= 2 * log.size(), "small/x: " + onePath + " page reads for " + log.size() + " versions");
    assertTrue(oneBigFile < diffs, "big/00017: " + oneBigFile + " page reads, diffing all: " + diffs);
  }

  /** The versions whose diff with the one before reports the path or a path below it. */
  private List<Long> reference(List<Version> log, String path) {
    List<Long> out = new ArrayList<>();
    ObjectId before = null;
    for (Version v : log) {
      boolean[] hit = {false};
      if (before == null) {
        hit[0] = path.isEmpty() || exists(v, path);
      } else {
        TreeDiff.diff(new MetadataObjects(repo.index()), before, v.rootId(), (p, x, y) -> {
          if (path.isEmpty() || p.equals(path) || p.startsWith(path + "/")) hit[0] = true;
        });
      }
      if (hit[0]) out.add(v.record().number());
      before = v.rootId();
    }
    return out;
  }

  private boolean exists(Version v, String path) {
    try {
      repo.stat(v, path);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void randomChange(Random r, TreeMap<String, Change> changes, Version head) throws Exception {
    String dir = DIRS.get(r.nextInt(DIRS.size()));
    String path = dir.equals("big") ? "big/" + String.format("%04d", r.nextInt(600))
        : dir + "/" + NAMES.get(r.nextInt(NAMES.size()));
    switch (r.nextInt(5)) {
      case 0, 1 -> changes.put(path, put(r));
      case 2 -> changes.put(exists(head, dir) ? dir : path, new Change.Delete());
      case 3 -> changes.put(path, new Change.PutDir(0755, r.nextInt(1000) * 1_000_000L));
      default -> {
        if (exists(head, path) && repo.stat(head, path).isFile()) {
          changes.put(path, new Change.PutEntry(repo.stat(head, path).withChangedIn(0)));
        } else {
          changes.put(path, put(r));
        }
      }
    }
    changes.keySet().removeIf(k -> changes.keySet().stream().anyMatch(o -> !o.equals(k) && k.startsWith(o + "/")));
    for (String k : List.copyOf(changes.keySet())) { // the directories a new path needs
      if (changes.get(k) instanceof Change.Delete) continue;
      for (int slash = k.indexOf('/'); slash > 0; slash = k.indexOf('/', slash + 1)) {
        String parent = k.substring(0, slash);
        if (!exists(head, parent)) changes.putIfAbsent(parent, new Change.PutDir(0755, 0));
      }
    }
  }

  private Change put(Random r) throws Exception {
    Path f = Files.createTempFile(tmp, "staged", ".bin");
    byte[] b = new byte[r.nextInt(40)];
    r.nextBytes(b);
    Files.write(f, b);
    return new Change.PutFile(f, r.nextBoolean() ? 0644 : 0600, r.nextInt(3) * 1_000_000_000L);
  }

  /** The store's pages, counting each read. */
  static final class CountingPages implements PageStore {
    final PageStore inner;
    int reads;

    CountingPages(Repository repo) {
      this.inner = new MetadataObjects(repo.index());
    }

    @Override
    public byte[] get(ObjectId id) {
      reads++;
      return inner.get(id);
    }

    @Override
    public void put(ObjectId id, byte[] bytes) {
      inner.put(id, bytes);
    }
  }
}
