package io.datafs.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where import puts chunks: what a remote reader fetches in one ranged read depends on it. */
class PackLayoutTest {
  @TempDir Path tmp;

  @Test
  void aDirectorysSmallFilesSitInAPackInNameOrderApartFromLargeFiles() throws Exception {
    Path src = tmp.resolve("src");
    Random rnd = new Random(9);
    Files.createDirectories(src.resolve("d"));
    byte[] big = new byte[20 << 20];
    rnd.nextBytes(big);
    Files.write(src.resolve("a-big.bin"), big); // ingested alongside the first small files
    for (int i = 0; i < 500; i++) {
      byte[] b = new byte[1000 + rnd.nextInt(30_000)];
      rnd.nextBytes(b);
      Files.write(src.resolve(String.format("d/f%04d", i)), b);
    }
    try (Repository repo = Repository.open(tmp.resolve("home"), d -> new MemoryKvStore())) {
      repo.importFolder(src, new DatasetName("cats"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      Version v = repo.resolve("cats");
      ObjectLocation previous = null;
      for (int i = 0; i < 500; i++) {
        ObjectLocation loc = location(repo, repo.stat(v, String.format("d/f%04d", i)).contentId());
        if (previous != null) {
          assertEquals(previous.packId(), loc.packId(), "f" + i);
          assertEquals(previous.entry().offset() + previous.entry().storedLength() + 46, loc.entry().offset(),
              "f" + i + " follows f" + (i - 1) + " right after its record header");
        }
        previous = loc;
      }
      TreeEntry bigEntry = repo.stat(v, "a-big.bin");
      for (ChunkRef c : repo.reader(v).chunks(bigEntry)) {
        assertNotEquals(previous.packId(), location(repo, c.id()).packId(), "a large file's chunks go to other packs");
      }
      assertTrue(repo.reader(v).chunks(bigEntry).size() > 4);
    }
  }

  @Test
  void aLargeFilesChunksFollowEachOtherInItsPackWhenLargeFilesAreIngestedAtOnce() throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src);
    Random rnd = new Random(7);
    for (int f = 0; f < 4; f++) {
      byte[] big = new byte[24 << 20];
      rnd.nextBytes(big);
      Files.write(src.resolve("shard-" + f + ".bin"), big);
    }
    try (Repository repo = Repository.open(tmp.resolve("home"), d -> new MemoryKvStore())) {
      repo.importFolder(src, new DatasetName("shards"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
      Version v = repo.resolve("shards");
      for (int f = 0; f < 4; f++) {
        ObjectLocation previous = null;
        for (ChunkRef c : repo.reader(v).chunks(repo.stat(v, "shard-" + f + ".bin"))) {
          ObjectLocation loc = location(repo, c.id());
          if (previous != null) {
            assertEquals(previous.packId(), loc.packId(), "shard " + f + " stays in one pack");
            assertEquals(previous.entry().offset() + previous.entry().storedLength() + 46, loc.entry().offset(),
                "shard " + f + ": each chunk right after the one before it, nothing of another file between");
          }
          previous = loc;
        }
      }
    }
  }

  private static ObjectLocation location(Repository repo, io.datafs.core.id.ObjectId id) {
    return ObjectLocation.decode(id, repo.index().get(Table.OBJECTS, id.toBytes()));
  }
}
