package io.datafs.core.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.Change;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.Repository;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.select.Sample;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

/** Annotations indexed as versions are made, and versions composed from them, over an in-memory index. */
class ComposerTest {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final DatasetName DS = new DatasetName("ds");
  @TempDir Path tmp;
  Repository repo;
  Version v1;

  @BeforeEach
  void open() throws Exception {
    repo = Repository.open(tmp.resolve("home"), dir -> new MemoryKvStore());
    for (int i = 0; i < 40; i++) {
      String dir = "d" + (i % 4) + "/";
      write(dir + "x" + i + ".jpg", "image " + i);
      write(dir + "x" + i + ".json", "{\"class\": \"" + (i % 3 == 0 ? "cat" : "dog") + "\", \"i\": " + i + "}");
    }
    write("d0/broken.jpg", "broken");
    write("d0/broken.json", "{\"class\": ");
    write("d1/lone.json", "{\"class\": \"cat\"}");
    ImportResult r = repo.importFolder(tmp.resolve("src"), DS, OPTS, ImportProgress.NONE);
    v1 = r.version();
    assertEquals(42, r.annotations().parsed(), "40 annotations, an invalid one, and a lone .json on their pages");
    assertEquals(List.of("d0/broken.json"), r.annotations().invalid().stream().map(AnnotationIndex.Invalid::path)
        .toList());
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aCommitIndexesOnlyTheAnnotationsItChanged() throws Exception {
    TreeMap<String, Change> changes = new TreeMap<>();
    changes.put("d1/x1.json", new Change.PutFile(write("staged", "{\"class\": \"bird\"}"), 0644, 0));
    ImportResult r = repo.commit(DS, 1, changes, OPTS);
    assertEquals(1, r.annotations().parsed());
    assertEquals(List.of("d1/x1.jpg"), paths(r.version(), "class == \"bird\""));
  }

  @Test
  void aVersionImportedWithoutIndexingIsIndexedByItsFirstQuery() throws Exception {
    write("d9/new.jpg", "new");
    write("d9/new.json", "{\"class\": \"cat\", \"fresh\": true}");
    ImportResult r = repo.importFolder(tmp.resolve("src"), DS, new ImportOptions("m", "me", Map.of(), false),
        ImportProgress.NONE);
    assertEquals(0, r.annotations().parsed());
    assertEquals(List.of("d9/new.jpg"), paths(r.version(), "fresh"));
  }

  @Test
  void composingCopiesNoChunkAndRecordsHowItWasMade() {
    ImportResult r = compose("cats", List.of(v1), List.of(ObjectFilter.query("class == \"cat\"")), null, null);
    assertEquals(0, r.chunksAdded());
    Version c = r.version();
    List<String> cats = paths(v1, "class == \"cat\"");
    assertEquals(cats, paths(c, "class == \"cat\""));
    assertEquals(cats.size(), c.record().totals().files() / 2, "each object with its annotation");
    assertEquals(repo.stat(v1, "d0/x0.jpg").contentId(), repo.stat(c, "d0/x0.jpg").contentId());
    assertEquals(v1.id().hex(), c.record().composed().sources().get(0).id());
    assertEquals(List.of("--query class == \"cat\""), c.record().composed().filters());
    assertNull(v1.record().composed());
  }

  @Test
  void composingTheSameAgainSharesEveryPageAndKeepsHistory() {
    List<ObjectFilter> cat = List.of(ObjectFilter.query("class == \"cat\""));
    Version first = compose("cats", List.of(v1), cat, null, null).version();
    ImportResult again = compose("cats", List.of(v1), cat, null, null);
    assertEquals(first.rootId(), again.version().rootId(), "the same tree: nothing of it new");
    assertEquals(2, again.version().record().number());

    Version narrower = compose("cats", List.of(v1),
        List.of(ObjectFilter.query("class == \"cat\" AND NOT ( i == 21 OR i == 33 )")), null, null).version();
    assertEquals(1, repo.stat(narrower, "d1/x9.jpg").changedIn(), "an object kept keeps its history");
    assertEquals(3, repo.stat(narrower, "d1").changedIn());
    assertEquals(repo.stat(first, "d0"), repo.stat(narrower, "d0"), "d0 did not change: the same entry and pages");
    assertEquals(List.of("d1/x9.jpg"), paths(narrower, "i > 8 AND i < 40 AND starts_with(class, 'c')").stream()
        .filter(p -> p.startsWith("d1/")).toList());
  }

  @Test
  void sampleIsAPureFunctionOfContentAndSeed() {
    Sample s = new Sample(0.3, 42);
    Random rnd = new Random(1);
    int kept = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[32];
      rnd.nextBytes(b);
      ObjectId id = ObjectId.of(b);
      boolean k = s.keeps(id);
      assertEquals(k, new Sample(0.3, 42).keeps(id));
      if (k) kept++;
    }
    assertTrue(kept > 5_700 && kept < 6_300, kept + " of 20000 kept at 0.3");
    assertThrows(InvalidInputException.class, () -> new Sample(0, 1));
    assertThrows(InvalidInputException.class, () -> new Sample(1.01, 1));

    Version a = compose("s1", List.of(v1), List.of(), new Sample(0.5, 7), null).version();
    Version b = compose("s2", List.of(v1), List.of(), new Sample(0.5, 7), null).version();
    Version other = compose("s3", List.of(v1), List.of(), new Sample(0.5, 8), null).version();
    assertEquals(a.rootId(), b.rootId());
    assertFalse(a.rootId().equals(other.rootId()), "another seed, another sample");
  }

  @Test
  void sourcesDisagreeingOnAPathNeedPrefixesAndLimitCountsInPathOrder() throws Exception {
    write("d0/x0.jpg", "changed");
    Version changed = repo.importFolder(tmp.resolve("src"), new DatasetName("other"), OPTS, ImportProgress.NONE)
        .version();
    ConflictException e = assertThrows(ConflictException.class,
        () -> compose("both", List.of(v1, changed), List.of(), null, null));
    assertTrue(e.getMessage().contains("d0/x0.jpg"), e.getMessage());
    assertFalse(repo.datasets().contains(new DatasetName("both")), "nothing published");
    Version both = repo.compose(new DatasetName("both"), new Composer.Request(List.of(v1, changed), List.of(), null,
        3L, true, false), OPTS).version();
    assertEquals(List.of("ds/d0/broken.jpg", "ds/d0/x0.jpg", "ds/d0/x12.jpg"), paths(both, null));
    assertThrows(InvalidInputException.class, () -> compose("none", List.of(v1),
        List.of(ObjectFilter.query("class == \"zebra\"")), null, null));
  }

  /** A bulk load: a listing streamed in path order becomes a new dataset's first version, each file at its path. */
  @Test
  void assembleMakesANewDatasetOfAStreamedListing() throws Exception {
    TreeEntry jpg = repo.stat(v1, "d0/x0.jpg");
    TreeEntry json = repo.stat(v1, "d0/x0.json");
    List<Map.Entry<String, TreeEntry>> files = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      for (int f = 0; f < 2; f++) files.add(Map.entry("dir" + d + "/f" + f, named(f == 0 ? jpg : json, "f" + f)));
    }
    files.add(Map.entry("top", named(jpg, "top")));
    Version v = repo.assemble(new DatasetName("bulk"), OPTS, files.iterator()).version();
    assertEquals(new Totals(7, 3, 0, 3 * (jpg.size() + json.size()) + jpg.size()), v.record().totals());
    List<String> listed = new ArrayList<>();
    repo.list(v, "", true, (path, e) -> listed.add(path + (e.isDir() ? "/" : "") + (e.changedIn() == 1 ? "" : "?")));
    assertEquals(List.of("dir0/", "dir0/f0", "dir0/f1", "dir1/", "dir1/f0", "dir1/f1", "dir2/", "dir2/f0",
        "dir2/f1", "top"), listed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, "dir2/f1", out);
    assertEquals("{\"class\": \"cat\", \"i\": 0}", out.toString(StandardCharsets.UTF_8));
    assertThrows(InvalidInputException.class, () -> repo.assemble(DS, OPTS, files.iterator()));
    assertEquals(1, repo.log(DS).size(), "nothing published to an existing dataset");
  }

  private static TreeEntry named(TreeEntry e, String name) {
    return TreeEntry.file(name, e.mode(), e.size(), e.mtimeNanos(), e.changedIn(), e.contentId(), e.chunkList());
  }

  private ImportResult compose(String ds, List<Version> sources, List<ObjectFilter> filters, Sample sample,
                               Long limit) {
    return repo.compose(new DatasetName(ds), new Composer.Request(sources, filters, sample, limit, false, false),
        OPTS);
  }

  /** The data objects of {@code v} a query selects (all with null), in path order. */
  private List<String> paths(Version v, String query) {
    List<ObjectFilter> filters = query == null ? List.of() : List.of(ObjectFilter.query(query));
    List<String> out = new ArrayList<>();
    repo.selection(filters).forEach(v, "", o -> out.add(o.path()));
    return out;
  }

  private Path write(String rel, String content) throws Exception {
    Path p = tmp.resolve("src").resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, content.getBytes(StandardCharsets.UTF_8));
    return p;
  }
}
