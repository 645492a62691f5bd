package io.datafs.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.dataset.MetaEdit;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Removal;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing the newest versions of a dataset from a store: records and tags go, the rest stays a whole history. */
class RemovalTest {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final DatasetName DS = new DatasetName("cats");
  @TempDir Path tmp;
  Path home;
  Path src;
  Repository repo;

  @BeforeEach
  void threeVersions() throws Exception {
    home = tmp.resolve("home");
    src = Files.createDirectories(tmp.resolve("src"));
    repo = Repository.open(home, dir -> new MemoryKvStore());
    for (int i = 1; i <= 3; i++) {
      Files.writeString(src.resolve("file" + i + ".txt"), "content " + i);
      repo.importFolder(src, DS, OPTS, ImportProgress.NONE);
    }
    repo.tag(repo.resolve("cats@v2"), new TagName("release"));
    repo.tag(repo.resolve("cats@v1"), new TagName("first"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void theNewestVersionsGoWithTheirTagsAndALostIndexDoesNotBringThemBack() throws Exception {
    Version v1 = repo.resolve("cats@v1");
    Removal plan = repo.removal(DS, 2);
    assertEquals("cats@v2..v3", plan.label());
    assertEquals(new TreeMap<>(Map.of("release", 2L)), plan.tags());
    repo.remove(plan);

    assertEquals(List.of(v1), repo.log(DS));
    assertEquals(v1, repo.resolve("cats"));
    assertThrows(NotFoundException.class, () -> repo.resolve("cats@release"));
    assertEquals(Map.of("first", 1L), repo.tags(DS));
    assertFalse(Files.exists(home.resolve("records/versions/cats/2.json")));
    assertFalse(Files.exists(home.resolve("records/tags/cats/release.json")));
    assertTrue(repo.verify(null).problems().isEmpty(), "the content stays, and the store is whole");

    // the number is free here again: nothing outside this store named it
    Version again = repo.importFolder(src, DS, OPTS, ImportProgress.NONE).version();
    assertEquals(2, again.record().number());
    assertEquals(v1.id().hex(), again.record().parent());

    repo.close();
    repo = Repository.open(home, dir -> new MemoryKvStore()); // the index lost: rebuilt from the record files
    repo.repairIndex();
    assertEquals(List.of(v1, again), repo.log(DS));
    assertEquals(Map.of("first", 1L), repo.tags(DS));
  }

  @Test
  void theWholeDatasetGoesWithItsMetadataAndAPlanOutOfDateIsRefused() {
    repo.datasetMeta().set(DS, new MetaEdit("a description", Map.of(), List.of(), "me"), false);
    Removal stale = repo.removal(DS, 3);
    Removal all = repo.removal(DS, 1);
    assertTrue(all.wholeDataset());
    repo.remove(repo.removal(DS, 3));
    assertThrows(ConflictException.class, () -> repo.remove(stale), "v3 went meanwhile");
    assertThrows(ConflictException.class, () -> repo.remove(all), "the head moved meanwhile");

    repo.remove(repo.removal(DS, 1));
    assertEquals(List.of(), repo.datasets());
    assertTrue(repo.datasetMeta().datasets().isEmpty(), "no metadata left: the dataset is gone");
    assertThrows(NotFoundException.class, () -> repo.removal(DS, 1));
    assertFalse(Files.exists(home.resolve("records/datasets/cats/meta/1.json")));
  }

  @Test
  void aVersionThatIsNotThereIsRefused() {
    assertThrows(InvalidInputException.class, () -> repo.removal(DS, 4));
    assertThrows(InvalidInputException.class, () -> repo.removal(DS, 0));
  }
}
