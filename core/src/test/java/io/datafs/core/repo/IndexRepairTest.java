package io.datafs.core.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.IndexLostException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.store.Leftovers;
import io.datafs.core.sync.TagRecord;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version and tag records kept as files beside the index, backfilled for stores made before them, and the index
 * rebuilt from the packs and those files after it is lost, with what cannot be rebuilt named.
 */
class IndexRepairTest {
  static final DatasetName DS = new DatasetName("cats");
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  @TempDir Path tmp;
  Path home;
  Path src;
  /** The index that "survives" a close, as RocksDB on disk does. */
  final MemoryKvStore kept = new MemoryKvStore();
  Repository repo;

  @BeforeEach
  void threeVersions() throws Exception {
    home = tmp.resolve("home");
    src = Files.createDirectories(tmp.resolve("src"));
    repo = open(kept);
    for (int i = 1; i <= 3; i++) {
      Files.writeString(src.resolve("file" + i + ".txt"), "content " + i);
      repo.importFolder(src, DS, OPTS, ImportProgress.NONE);
    }
    repo.tag(repo.resolve("cats@v2"), new TagName("release"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void versionsAndTagsAreFilesBesideTheIndexAndAStoreWithoutThemGetsThem() throws Exception {
    Path records = home.resolve("records");
    for (Version v : repo.log(DS)) {
      assertArrayEquals(VersionCodec.encode(v.record()),
          Files.readAllBytes(records.resolve("versions/cats/" + v.record().number() + ".json")));
    }
    assertEquals(new TagRecord(DS, new TagName("release"), 2, repo.resolve("cats@v2").id()),
        TagRecord.decode(Files.readAllBytes(records.resolve("tags/cats/release.json")), "release"));

    repo.close();
    Leftovers.deleteTree(records); // as a store made before record files existed
    repo = open(kept);
    assertEquals(List.of("1.json", "2.json", "3.json"), names(records.resolve("versions/cats")));
    assertEquals(List.of("release.json"), names(records.resolve("tags/cats")));
  }

  @Test
  void aLostIndexIsRefusedThenRebuiltFromThePacksAndTheRecords() throws Exception {
    List<Version> log = repo.log(DS);
    repo.close();
    repo = open(new MemoryKvStore()); // db/ deleted
    assertTrue(repo.indexLost());
    IndexLostException refused = assertThrows(IndexLostException.class, repo::requireIndex);
    assertTrue(refused.getMessage().matches("the store's index .*/home/db is missing or empty, but the store holds \\d+"
        + " pack\\(s\\) and 3 version record\\(s\\): run `datafs verify --repair` to rebuild it"),
        refused.getMessage());

    RepairReport r = repo.repairIndex();
    assertEquals(List.of(), r.notRebuilt());
    assertEquals(List.of(3L, 1L, 1L), List.of(r.versions(), r.datasets(), r.tags()));
    repo.requireIndex();
    assertEquals(List.of(DS), repo.datasets());
    assertEquals(log, repo.log(DS));
    assertEquals(Map.of("release", 2L), repo.tags(DS));
    assertEquals("content 3", cat(repo.resolve("cats"), "file3.txt"));
    assertTrue(repo.verify(null).ok(), () -> repo.verify(null).problems().toString());
    assertEquals(List.of(), repo.repairIndex().notRebuilt(), "a second repair finds nothing to do");
  }

  @Test
  void whatCannotBeRebuiltIsNamedAndTheRestIsRestored() throws Exception {
    Path v2 = home.resolve("records/versions/cats/2.json");
    repo.close();
    Files.delete(v2);
    repo = open(new MemoryKvStore());
    RepairReport r = repo.repairIndex();
    assertEquals(List.of("cats@v3 not restored: there is no record of cats@v2",
        "tag cats@release not restored: it names v2, which is not restored"), r.notRebuilt());
    assertEquals(1, repo.log(DS).size());
    assertFalse(repo.indexLost());
  }

  @Test
  void theStagedRowsOfWritableMountsAreNamedAndTheirFilesSetAside() throws Exception {
    Path data = Files.createDirectories(home.resolve("overlays/0123456789abcdef/data"));
    Files.writeString(data.resolve("1"), "staged bytes");
    repo.close();
    repo = open(new MemoryKvStore());
    RepairReport r = repo.repairIndex();
    Path aside = home.resolve("overlays/0123456789abcdef.lost/data");
    assertEquals(List.of("the staged changes of a writable mount lived in the index and are lost: its staged files'"
        + " bytes are kept in " + aside + " (named by number, not path)"), r.notRebuilt());
    assertEquals("staged bytes", Files.readString(aside.resolve("1")));
  }

  private Repository open(KvStore kv) {
    return Repository.open(home, dir -> new KvStore() { // closing the repository leaves the index as it is
      @Override public byte[] get(Table table, byte[] key) {
        return kv.get(table, key);
      }

      @Override public void scan(Table table, byte[] prefix, Visitor visitor) {
        kv.scan(table, prefix, visitor);
      }

      @Override public void write(KvBatch batch) {
        kv.write(batch);
      }

      @Override public void close() {}
    });
  }

  private String cat(Version v, String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, path, out);
    return out.toString();
  }

  private static List<String> names(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
