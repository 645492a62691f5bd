package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.SyncStatus.Row;
import io.datafs.core.sync.SyncStatus.State;
import io.datafs.core.version.DatasetName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SyncStatus}: two stores and a folder remote, every state a dataset can be in against it. */
class SyncStatusTest {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final DatasetName CATS = new DatasetName("cats");
  static final DatasetName DOGS = new DatasetName("dogs");
  @TempDir Path tmp;
  Repository a;
  Repository b;
  CountingRemote remote;
  RemoteRef ref;
  Path src;

  @BeforeEach
  void open() throws Exception {
    a = Repository.open(tmp.resolve("a"), dir -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    remote = new CountingRemote(new LocalFolderRemote(url));
    ref = new RemoteRef(url, null);
    src = SyncTrees.sample(tmp.resolve("src"));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  private void newVersion(Repository repo, DatasetName ds, String change) throws Exception {
    Files.writeString(src.resolve("change.txt"), change);
    repo.importFolder(src, ds, OPTS, ImportProgress.NONE);
  }

  private static Row row(List<Row> rows, DatasetName ds) {
    return rows.stream().filter(r -> r.dataset().equals(ds)).findFirst().orElseThrow();
  }

  @Test
  void aheadBehindDivergedAndOnlyOnOneSide() throws Exception {
    newVersion(a, CATS, "1");
    newVersion(a, DOGS, "dogs");
    a.sync().push(remote, ref, "cats", TransferProgress.NONE);
    newVersion(a, CATS, "2 from a");
    b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE);

    List<Row> ofA = a.sync().syncStatus(remote);
    assertEquals(new Row(CATS, 2, 1, 1), row(ofA, CATS));
    assertEquals(State.AHEAD, row(ofA, CATS).state());
    assertEquals(new Row(DOGS, 1, 0, 0), row(ofA, DOGS));
    assertEquals(State.LOCAL_ONLY, row(ofA, DOGS).state());
    assertEquals(State.UP_TO_DATE, row(b.sync().syncStatus(remote), CATS).state());

    a.sync().push(remote, ref, null, TransferProgress.NONE);
    List<Row> ofB = b.sync().syncStatus(remote);
    assertEquals(new Row(CATS, 1, 2, 1), row(ofB, CATS));
    assertEquals(State.BEHIND, row(ofB, CATS).state());
    assertEquals(new Row(DOGS, 0, 1, 0), row(ofB, DOGS));
    assertEquals(State.REMOTE_ONLY, row(ofB, DOGS).state());

    newVersion(b, CATS, "2 from b, another v2");
    newVersion(b, CATS, "3 from b");
    Row diverged = row(b.sync().syncStatus(remote), CATS);
    assertEquals(new Row(CATS, 3, 2, 1), diverged);
    assertEquals(State.DIVERGED, diverged.state());
    assertEquals(2, diverged.ahead());
    assertEquals(1, diverged.behind());

    // in step: one record read per dataset, the top one both hold
    long before = remote.fetches();
    assertEquals(State.UP_TO_DATE, row(a.sync().syncStatus(remote), CATS).state());
    assertEquals(before + 2, remote.fetches(), "cats@v2 and dogs@v1");
  }
}
