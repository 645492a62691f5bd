package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.lazy.LazyPages;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a push sends of located objects, counted on the wire: a first push of a tree too large to ask about object by
 * object lists {@code tree/} instead and uploads each object once; a push of a tree the remote already holds (another
 * dataset with the same content) sends no located object; a version that changed one file sends the objects of its
 * path only. The lazily read tree equals the pushed one.
 */
class TreeUploadTest {
  /** More directories than {@link TreeUpload#LIST_ABOVE}: the first push lists rather than asks. */
  private static final int DIRS = TreeUpload.LIST_ABOVE + 100;

  @TempDir Path tmp;

  @Test
  void aPushSendsEachMissingLocatedObjectOnceAndNoneTheRemoteHolds() throws Exception {
    Path src = tmp.resolve("src");
    for (int d = 0; d < DIRS; d++) {
      Files.createDirectories(src.resolve("d" + d));
      Files.writeString(src.resolve("d" + d + "/f.txt"), "file " + d);
    }
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    RemoteRef ref = new RemoteRef(url, null);
    try (Repository origin = open(tmp.resolve("origin")); Repository lazy = open(tmp.resolve("lazy"))) {
      origin.importFolder(src, new DatasetName("a"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      CountingRemote first = new CountingRemote(new LocalFolderRemote(url));
      origin.sync().push(first, ref, null, TransferProgress.NONE);
      List<RemoteKey> sent = treeWrites(first);
      assertEquals(new HashSet<>(sent).size(), sent.size(), "each located object once");
      assertEquals(Set.copyOf(sent), Set.copyOf(new LocalFolderRemote(url).list(RemoteLayout.TREE)));
      assertTrue(sent.size() > DIRS, "a page per directory and the root's: " + sent.size());
      assertEquals(256, first.prefixesListed().stream().filter(p -> p.startsWith(RemoteLayout.TREE)).count(),
          "tree/<aa>/ listed once each");
      assertTrue(treeAsks(first) <= TreeUpload.LIST_ABOVE, "asked one by one only before the listing: "
          + treeAsks(first));

      // the same tree as another dataset: the root is there, so is everything below it
      origin.importFolder(src, new DatasetName("b"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      CountingRemote again = new CountingRemote(new LocalFolderRemote(url));
      origin.sync().push(again, ref, null, TransferProgress.NONE);
      assertEquals(List.of(), treeWrites(again));
      assertEquals(1, treeAsks(again), "the root's size request only");
      assertTrue(again.prefixesListed().stream().noneMatch(p -> p.startsWith(RemoteLayout.TREE)));

      // one file changed: the objects of its path (index pages down to its directory's page), nothing else
      Files.writeString(src.resolve("d7/f.txt"), "changed");
      origin.importFolder(src, new DatasetName("a"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      CountingRemote changed = new CountingRemote(new LocalFolderRemote(url));
      origin.sync().push(changed, ref, null, TransferProgress.NONE);
      List<RemoteKey> path = treeWrites(changed);
      assertTrue(!path.isEmpty() && path.size() <= 4, "the changed path's objects: " + path);
      assertTrue(treeAsks(changed) < 200, "a few per level: " + treeAsks(changed));

      // what a lazy reader makes of it: the tree that was pushed, read page by page
      Version want = origin.resolve("a");
      assertTrue(lazy.sync().fetchLazily(new LocalFolderRemote(url), ref, "a") != null);
      try (LazyPages source = lazy.sync().readTreesLazily(r -> new LocalFolderRemote(url))) {
        assertEquals(listing(origin, want), listing(lazy, lazy.resolve("a")));
        assertTrue(source.requests() > DIRS, "every directory's page came lazily: " + source.requests());
      }
    }
  }

  private static List<RemoteKey> treeWrites(CountingRemote r) {
    return r.keysWritten().stream().filter(k -> k.value().startsWith(RemoteLayout.TREE)).toList();
  }

  private static long treeAsks(CountingRemote r) {
    return r.keysSized().stream().filter(k -> k.value().startsWith(RemoteLayout.TREE)).count();
  }

  private static List<String> listing(Repository repo, Version v) {
    List<String> out = new ArrayList<>();
    repo.list(v, "", true, (p, e) -> out.add(p + " " + e));
    return out;
  }

  private static Repository open(Path home) {
    return Repository.open(home, d -> new MemoryKvStore());
  }
}
