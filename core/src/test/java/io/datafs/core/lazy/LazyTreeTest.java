package io.datafs.core.lazy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.cache.ChunkDiskCache;
import io.datafs.core.cache.RemoteChunks;
import io.datafs.core.config.CacheConfig;
import io.datafs.core.gc.GcReport;
import io.datafs.core.gc.GcRoots;
import io.datafs.core.gc.GcSteps;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.LazyFetch;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree read lazily from a folder remote, a page at a time, equals the same version pulled eagerly: random trees
 * (nested and empty directories, large directories of several pages, files of one and of several chunks, empty files,
 * symlinks), every path looked up, listed and read in a random order; the lazy store fetched only the root before
 * the first lookup.
 */
class LazyTreeTest {
  @TempDir Path tmp;

  @Test
  void aLazilyReadTreeEqualsTheEagerlyPulledOne() throws Exception {
    for (int seed = 1; seed <= 3; seed++) roundTrip(seed);
  }

  private void roundTrip(int seed) throws Exception {
    Random rnd = new Random(seed);
    Path round = Files.createDirectories(tmp.resolve("round" + seed));
    Path src = randomTree(round.resolve("src"), rnd);
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(round.resolve("remote")).toString());
    RemoteRef ref = new RemoteRef(url, null);
    try (Repository origin = open(round.resolve("origin"));
         Repository eager = open(round.resolve("eager"));
         Repository lazy = open(round.resolve("lazy"))) {
      origin.importFolder(src, new DatasetName("ds"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      origin.sync().push(new LocalFolderRemote(url), ref, null, TransferProgress.NONE);
      eager.sync().pull(new LocalFolderRemote(url), ref, "ds", false, TransferProgress.NONE);
      Version want = eager.resolve("ds");

      CountingRemote counted = new CountingRemote(new LocalFolderRemote(url));
      LazyFetch.Result fetched = lazy.sync().fetchLazily(counted, ref, "ds");
      assertNotNull(fetched, "the push left the version's located tree");
      assertEquals(List.of(RemoteLayout.tree(want.rootId())), treeReads(counted), "of the tree, the root only");
      assertTrue(counted.keysRead().stream().noneMatch(k -> k.value().startsWith(RemoteLayout.PACKS)
          || k.value().startsWith(RemoteLayout.INDEXES)), "no pack or index: " + counted.keysRead());

      // before any source is installed: the GC marks what is here and takes the rest for the remote's, not damage
      GcReport gc = lazy.gc(() -> GcRoots.NONE, false, GcSteps.NONE);
      assertEquals(0, gc.packsDeleted());

      CountingRemote pages = new CountingRemote(new LocalFolderRemote(url));
      LazyPages source = lazy.sync().readTreesLazily(r -> pages);
      lazy.setChunkSource(new RemoteChunks(new ChunkDiskCache(round.resolve("lazy/cache"),
          new CacheConfig(1L << 30, OptionalLong.of(0))), r -> new LocalFolderRemote(url)));
      Version v = lazy.resolve("ds");
      assertEquals(want.id(), v.id());
      assertTrue(lazy.sync().isLazy(v));

      List<String> paths = new ArrayList<>();
      eager.list(want, "", true, (p, e) -> paths.add(p));
      Collections.shuffle(paths, rnd);
      for (String p : paths) {
        TreeEntry e = eager.stat(want, p);
        assertEquals(e, lazy.stat(v, p), p);
        if (e.isDir()) assertEquals(listing(eager, want, p), listing(lazy, v, p), p);
        if (e.isFile()) assertArrayEquals(cat(eager, want, p), cat(lazy, v, p), p);
      }
      assertTrue(source.requests() > 1, "pages came lazily");

      // a pull completes it: a metadata pull its tree (for a writable mount), a full one its data, and it pushes on
      lazy.sync().pull(new LocalFolderRemote(url), ref, "ds", true, TransferProgress.NONE);
      assertFalse(lazy.sync().isLazy(v), "its whole tree is here");
      lazy.sync().pull(new LocalFolderRemote(url), ref, "ds", false, TransferProgress.NONE);
      RemoteUrl other = RemoteUrl.parse(Files.createDirectories(round.resolve("other")).toString());
      assertEquals(List.of(v.id()), lazy.sync().push(new LocalFolderRemote(other), new RemoteRef(other, null), null,
          TransferProgress.NONE).versions().stream().map(Version::id).toList());
      source.close();
    }
  }

  @Test
  void aGcKeepsThePagesFetchedForLazyVersionsAndForgetsThoseOfRemovedOnes() throws Exception {
    Path src = randomTree(tmp.resolve("src"), new Random(7));
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    RemoteRef ref = new RemoteRef(url, null);
    MemoryKvStore kv = new MemoryKvStore();
    try (Repository origin = open(tmp.resolve("origin"));
         Repository lazy = Repository.open(tmp.resolve("lazy"), d -> kv)) {
      origin.importFolder(src, new DatasetName("ds"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      origin.sync().push(new LocalFolderRemote(url), ref, null, TransferProgress.NONE);
      lazy.sync().fetchLazily(new LocalFolderRemote(url), ref, "ds");
      try (LazyPages source = lazy.sync().readTreesLazily(r -> new LocalFolderRemote(url))) {
        Version v = lazy.resolve("ds");
        List<String> all = new ArrayList<>();
        lazy.list(v, "", true, (p, e) -> all.add(p));
        long fetched = source.requests();
        int rows = fetchedRows(kv);
        assertTrue(rows > 3, rows + " pages fetched");

        lazy.gc(() -> GcRoots.NONE, false, GcSteps.NONE);
        assertEquals(rows, fetchedRows(kv), "a live lazy version's pages stay");
        lazy.list(v, "", true, (p, e) -> true);
        assertEquals(fetched, source.requests(), "listed again from what is here");

        lazy.remove(lazy.removal(new DatasetName("ds"), 1));
        lazy.gc(() -> GcRoots.NONE, false, GcSteps.NONE);
        assertEquals(0, fetchedRows(kv), "a removed version's pages go");
      }
    }
  }

  /** The objects fetched for lazy versions (rows {@code o} of table {@code lazy}). */
  private static int fetchedRows(MemoryKvStore kv) {
    int[] n = {0};
    kv.scan(io.datafs.core.kv.Table.LAZY, new byte[] {'o'}, (k, val) -> {
      n[0]++;
      return true;
    });
    return n[0];
  }

  private static List<RemoteKey> treeReads(CountingRemote r) {
    return r.keysRead().stream().filter(k -> k.value().startsWith(RemoteLayout.TREE)).toList();
  }

  private static List<String> listing(Repository repo, Version v, String path) {
    List<String> out = new ArrayList<>();
    repo.list(v, path, false, (p, e) -> out.add(p + " " + e));
    return out;
  }

  private static byte[] cat(Repository repo, Version v, String path) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repo.cat(v, path, out);
    return out.toByteArray();
  }

  private static Repository open(Path home) {
    return Repository.open(home, d -> new MemoryKvStore());
  }

  /** Nested directories, one of several pages, empty ones, files of 0, few and several chunks, symlinks. */
  private static Path randomTree(Path root, Random rnd) throws Exception {
    Files.createDirectories(root.resolve("empty"));
    int dirs = 3 + rnd.nextInt(4);
    for (int d = 0; d < dirs; d++) {
      Path dir = root.resolve("d" + d + (rnd.nextBoolean() ? "/sub" + rnd.nextInt(3) : ""));
      Files.createDirectories(dir);
      int files = rnd.nextInt(8);
      for (int f = 0; f < files; f++) write(dir.resolve("f" + f), rnd, rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(5000));
      if (rnd.nextBoolean()) Files.createSymbolicLink(dir.resolve("link"), Path.of("f0"));
      if (rnd.nextInt(3) == 0) Files.createDirectories(dir.resolve("nothing-here"));
    }
    Path wide = Files.createDirectories(root.resolve("wide"));
    for (int i = 0; i < 200 + rnd.nextInt(300); i++) write(wide.resolve(String.format("w%04d", i)), rnd, 50);
    write(root.resolve("big.bin"), rnd, (2 << 20) + rnd.nextInt(1 << 20)); // several chunks: a chunk list
    return root;
  }

  private static void write(Path file, Random rnd, int size) throws Exception {
    byte[] b = new byte[size];
    rnd.nextBytes(b);
    Files.write(file, b);
  }
}
