package io.datafs.core.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.NotFoundException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.Change;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreePaths;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file table of every version of random histories, against a reference that looks each path up in every older
 * version: files added, changed, deleted and added again, directories turned into files and back, a large directory
 * (many pages) changed a little each time, and directories moved by a commit (whose entries keep the {@code changedIn}
 * of their old place, so "added in" cannot be read off {@code changedIn}).
 */
class FileTableTest {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final DatasetName DS = new DatasetName("ds");
  static final List<String> DIRS = List.of("", "a", "a/b", "c", "a/b/d");
  static final List<String> NAMES = List.of("x", "x.jpg", "x.json", "y.png", "y.json", "z", "b", "d", "c.json");
  static final int BIG = 400;

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
  void everyVersionOfRandomHistoriesMatchesTheReference() throws Exception {
    Random r = new Random(15);
    Path src = tmp.resolve("src");
    TreeMap<String, String> state = new TreeMap<>(); // file path -> content
    int versions = 0;
    for (int step = 0; step < 18; step++) {
      if (step > 2 && step % 5 == 0) {
        moveADirectory(r);
      } else {
        mutate(state, r);
        materialize(src, state);
        repo.importFolder(src, DS, OPTS, ImportProgress.NONE);
      }
      versions++;
      List<Version> log = repo.log(DS);
      assertEquals(versions, log.size());
      Version v = log.get(log.size() - 1);
      assertSameRows(reference(v), table(v), "v" + v.record().number());
      state = files(v); // a moved directory changed what the next import starts from
    }
    long movedIn = 0;
    long annotated = 0;
    for (Version v : repo.log(DS)) {
      List<String> rows = table(v);
      assertSameRows(reference(v), rows, "v" + v.record().number() + " again");
      for (String row : rows) {
        String[] f = row.split(" ");
        if (Long.parseLong(f[1]) > Long.parseLong(f[2])) movedIn++; // added after its content last changed: moved
        if (!f[4].equals("-")) annotated++;
      }
    }
    assertTrue(movedIn > 0 && annotated > 0,
        movedIn + " files moved in with their directory, " + annotated + " annotated");
  }

  /** Names the first row that differs, not hundreds of them. */
  private static void assertSameRows(List<String> expected, List<String> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), what + ", row " + i);
    }
    assertEquals(expected.size(), actual.size(), what + ": rows");
  }

  @Test
  void aStoppedWalkStopsAndASingleVersionWasAddedInItself() throws Exception {
    Path src = tmp.resolve("src");
    TreeMap<String, String> state = new TreeMap<>();
    for (int i = 0; i < 50; i++) state.put("f" + i, "content " + i);
    materialize(src, state);
    Version v = repo.importFolder(src, DS, OPTS, ImportProgress.NONE).version();
    List<String> seen = new ArrayList<>();
    repo.table(v, row -> {
      assertEquals(1, row.addedIn());
      seen.add(row.path());
      return seen.size() < 7;
    });
    assertEquals(7, seen.size());
  }

  /** The rows, as "path addedIn changedIn sha annotation". */
  private List<String> table(Version v) {
    List<String> rows = new ArrayList<>();
    repo.table(v, row -> rows.add(row.path() + " " + row.addedIn() + " " + row.file().changedIn() + " "
        + row.file().contentId().shortHex(8) + " " + (row.annotation() == null ? "-" : row.annotation().shortHex(8))));
    return rows;
  }

  /** Every file of v in tree order, "added in" by looking the path up in v-1, v-2, ... until it is no file there. */
  private List<String> reference(Version v) {
    List<Version> log = repo.log(DS);
    List<String> rows = new ArrayList<>();
    List<String[]> files = new ArrayList<>();
    repo.list(v, "", true, (path, e) -> {
      if (e.isFile()) files.add(new String[] {path, e.changedIn() + " " + e.contentId().shortHex(8)});
      return true;
    });
    files.sort(Comparator.comparing(f -> f[0], TreePaths.ORDER));
    for (String[] f : files) {
      long added = v.record().number();
      while (added > 1 && isFile(log.get((int) added - 2), f[0])) added--;
      rows.add(f[0] + " " + added + " " + f[1] + " " + annotation(v, f[0]));
    }
    return rows;
  }

  /** The pairing rule, applied by hand: x.<ext> and x pair with x.json beside them; a .json has none of its own. */
  private String annotation(Version v, String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    if (name.endsWith(".json")) return "-";
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    TreeEntry json = entry(v, path.substring(0, slash + 1) + stem + ".json");
    return json != null && json.isFile() ? json.contentId().shortHex(8) : "-";
  }

  private boolean isFile(Version v, String path) {
    TreeEntry e = entry(v, path);
    return e != null && e.isFile();
  }

  private TreeEntry entry(Version v, String path) {
    try {
      return repo.stat(v, path);
    } catch (NotFoundException e) {
      return null;
    }
  }

  /** A commit that moves a random directory of the latest version to a new name (a rename through a mount). */
  private void moveADirectory(Random r) {
    Version head = repo.log(DS).get(repo.log(DS).size() - 1);
    List<String> dirs = new ArrayList<>();
    repo.list(head, "", true, (path, e) -> {
      if (e.isDir() && !path.startsWith("big")) dirs.add(path);
      return true;
    });
    TreeMap<String, Change> changes = new TreeMap<>();
    if (dirs.isEmpty()) {
      changes.put("made-" + r.nextInt(1000), new Change.PutDir(0755, 0));
    } else {
      String from = dirs.get(r.nextInt(dirs.size()));
      TreeEntry dir = repo.stat(head, from);
      String to = "moved" + r.nextInt(3);
      changes.put(to, new Change.PutEntry(new TreeEntry(to, dir.kind(), dir.mode(), dir.size(), dir.mtimeNanos(),
          dir.changedIn(), dir.contentId(), null, null)));
      changes.put(from, new Change.Delete());
    }
    repo.commit(DS, head.record().number(), changes, OPTS);
  }

  /** Random changes: files added, changed and deleted; a directory turned into a file, a file into a directory. */
  private static void mutate(TreeMap<String, String> state, Random r) {
    for (int i = 0; i < 6; i++) {
      String dir = DIRS.get(r.nextInt(DIRS.size()));
      String path = TreePaths.child(dir, NAMES.get(r.nextInt(NAMES.size())));
      switch (r.nextInt(4)) {
        case 0, 1 -> put(state, path, "v" + r.nextInt(5));
        case 2 -> state.remove(path);
        default -> state.keySet().removeIf(p -> p.startsWith(path + "/")); // a directory goes (a file may take it)
      }
    }
    for (int i = 0; i < 5; i++) {
      String path = "big/f" + String.format("%04d", r.nextInt(BIG));
      if (state.isEmpty() || r.nextBoolean()) put(state, path, "big " + r.nextInt(3));
      else state.remove(path);
    }
    if (!state.containsKey("big/f0000")) {
      for (int i = 0; i < BIG; i += 2) state.putIfAbsent("big/f" + String.format("%04d", i), "big");
    }
  }

  /** Puts a file, clearing what stands in its way: files where its directories go, a directory where it goes. */
  private static void put(TreeMap<String, String> state, String path, String content) {
    String[] parts = path.split("/");
    String prefix = "";
    for (int i = 0; i < parts.length - 1; i++) {
      prefix = TreePaths.child(prefix, parts[i]);
      state.remove(prefix);
    }
    state.keySet().removeIf(p -> p.startsWith(path + "/"));
    state.put(path, content);
  }

  private TreeMap<String, String> files(Version v) throws IOException {
    Path out = tmp.resolve("export-" + v.record().number());
    repo.export(v, out);
    TreeMap<String, String> state = new TreeMap<>();
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        state.put(out.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return state;
  }

  private static void materialize(Path src, TreeMap<String, String> state) throws IOException {
    if (Files.exists(src)) {
      try (Stream<Path> s = Files.walk(src)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    Files.createDirectories(src);
    for (var e : state.entrySet()) {
      Path p = src.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
      Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
    }
  }
}
