package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.DatafsException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Removal;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RemoteRemoval}: records and tags leave a remote, tombstones and objects stay. */
class RemoteRemovalTest {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final DatasetName CATS = new DatasetName("cats");
  @TempDir Path tmp;
  Repository a;
  Repository b;
  LocalFolderRemote remote;
  RemoteRef ref;
  Path src;

  @BeforeEach
  void open() throws Exception {
    a = Repository.open(tmp.resolve("a"), dir -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    remote = new LocalFolderRemote(url);
    ref = new RemoteRef(url, null);
    src = SyncTrees.sample(tmp.resolve("src"));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  private Version newVersion(Repository repo, String change) throws Exception {
    Files.writeString(src.resolve("change.txt"), change);
    return repo.importFolder(src, CATS, OPTS, ImportProgress.NONE).version();
  }

  @Test
  void theNewestRecordsGoTheObjectsStayAndAStoreHoldingARemovedVersionIsToldSo() throws Exception {
    newVersion(a, "1");
    Version v2 = newVersion(a, "2");
    newVersion(a, "3");
    a.tag(a.resolve("cats@v3"), new TagName("best"));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE);
    int packs = remote.list(RemoteLayout.PACKS).size();

    Removal plan = a.sync().remoteRemoval(remote, ref, CATS, 2);
    assertEquals("cats@v2..v3", plan.label());
    assertEquals(Map.of("best", 3L), plan.tags());
    a.sync().removeRemote(remote, ref, plan);

    RemoteCatalog c = new RemoteCatalog(remote);
    assertEquals(1, c.head(CATS));
    assertTrue(c.tags(CATS).usable().isEmpty());
    assertEquals(packs, remote.list(RemoteLayout.PACKS).size(), "objects stay for a GC");
    assertEquals(2, remote.list(RemoteLayout.REMOVED).size(), "a tombstone per version");
    assertEquals(3, a.resolve("cats").record().number(), "the store keeps its own");
    assertEquals(SyncStatus.State.AHEAD, a.sync().syncStatus(remote).get(0).state());

    // the number is taken again by the next push; b, which pulled the removed v2, is told it was removed
    a.remove(a.removal(CATS, 2));
    Version other = newVersion(a, "another 2");
    assertEquals(2, other.record().number());
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    assertEquals(new SyncStatus.Row(CATS, 3, 2, 1), b.sync().syncStatus(remote).get(0), "diverged after v1");
    DatafsException e = assertThrows(DatafsException.class,
        () -> b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE));
    assertTrue(e.getMessage().contains("removed cats@v2 (" + v2.id().shortHex(12) + "), which this store holds"),
        e.getMessage());

    // the whole dataset
    a.sync().removeRemote(remote, ref, a.sync().remoteRemoval(remote, ref, CATS, 1));
    assertEquals(0, new RemoteCatalog(remote).head(CATS));
  }
}
