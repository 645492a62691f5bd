package io.datafs.core.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.PushMarker;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote's GC keeps the located objects ({@code tree/}) of live versions, with whom a fresh store still reads them
 * lazily, and deletes those only removed versions reached; while a push is under way it deletes none of them.
 */
class RemoteTreesGcTest {
  static final DatasetName CATS = new DatasetName("cats");
  @TempDir Path tmp;

  @Test
  void liveVersionsKeepTheirTreeObjectsAndARemovedVersionsOwnGo() throws Exception {
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    RemoteRef ref = new RemoteRef(url, null);
    try (Repository a = Repository.open(tmp.resolve("a"), d -> new MemoryKvStore());
         Remote remote = new LocalFolderRemote(url)) {
      a.importFolder(tree("v1", 3), CATS, new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      a.sync().push(remote, ref, null, TransferProgress.NONE);
      Set<RemoteKey> v1Trees = new HashSet<>(remote.list(RemoteLayout.TREE));
      a.importFolder(tree("v2", 5), CATS, new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      a.sync().push(remote, ref, null, TransferProgress.NONE);
      Set<RemoteKey> v2Own = new HashSet<>(remote.list(RemoteLayout.TREE));
      v2Own.removeAll(v1Trees);
      assertFalse(v2Own.isEmpty(), "v2 changed directories: their pages are new");
      a.sync().removeRemote(remote, ref, a.sync().remoteRemoval(remote, ref, CATS, 2));

      try (PushMarker underWay = PushMarker.announce(remote, List.of())) {
        new RemoteGc(remote, tmp).run(Duration.ZERO, false, true);
        assertTrue(remote.list(RemoteLayout.TREE).containsAll(v2Own), "a push under way may reuse any of them");
      }
      new RemoteGc(remote, tmp).run(Duration.ZERO, false, true);
      Set<RemoteKey> left = new HashSet<>(remote.list(RemoteLayout.TREE));
      assertEquals(v1Trees, left, "v1's all kept, v2's own all gone");
    }
    try (Repository fresh = Repository.open(tmp.resolve("fresh"), d -> new MemoryKvStore())) {
      assertNotNull(fresh.sync().fetchLazily(new LocalFolderRemote(url), ref, "cats@v1"));
      fresh.sync().readTreesLazily(r -> new LocalFolderRemote(url));
      Version v1 = fresh.resolve("cats@v1");
      List<String> paths = new ArrayList<>();
      fresh.list(v1, "", true, (p, e) -> paths.add(p));
      assertEquals(3 * 4 + 3 + 1, paths.size(), "every directory of v1 reads lazily: " + paths);
    }
  }

  /** Three directories of four files, and a file at the top; {@code seed} varies every file. */
  private Path tree(String name, int seed) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("src-" + name));
    for (int d = 0; d < 3; d++) {
      for (int f = 0; f < 4; f++) {
        Files.createDirectories(dir.resolve("d" + d));
        Files.writeString(dir.resolve("d" + d + "/f" + f + ".txt"), name + seed + d + f);
      }
    }
    Files.writeString(dir.resolve("top.txt"), name);
    return dir;
  }
}
