package io.datafs.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.Repository;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.fuse.FuseMount;
import io.datafs.fs.fuse.FuseTestSupport;
import io.datafs.fs.overlay.CommitSteps;
import io.datafs.fs.overlay.Overlays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datafs add} / {@code del} as the commands call them ({@link MountManager#addStored}, {@link
 * MountManager#removeStaged}) on a real writable FUSE mount: what the kernel shows after them, status, commit.
 */
class MountManagerPlacementTest {
  @TempDir Path tmp;
  private Repository repo;
  private MountManager mounts;
  private Path mnt;
  private Version dogs;
  private byte[] dogBin;

  @BeforeEach
  void setUp() throws IOException {
    FuseTestSupport.requireFuse();
    Files.createDirectories(tmp.resolve("cats"));
    Files.writeString(tmp.resolve("cats/top.txt"), "top\n");
    dogBin = new byte[3 << 20];
    new Random(11).nextBytes(dogBin);
    Files.createDirectories(tmp.resolve("dogs"));
    Files.write(tmp.resolve("dogs/dog.bin"), dogBin);
    repo = Repository.open(tmp.resolve("home"), d -> new MemoryKvStore());
    ImportOptions opts = new ImportOptions("c", "me", Map.of());
    repo.importFolder(tmp.resolve("cats"), new DatasetName("cats"), opts, ImportProgress.NONE);
    repo.importFolder(tmp.resolve("dogs"), new DatasetName("dogs"), opts, ImportProgress.NONE);
    dogs = repo.resolve("dogs");
    ChunkCache cache = new ChunkCache(16 << 20);
    mounts = new MountManager(repo, cache, new Overlays(repo, cache, CommitSteps.NONE),
        new MountRecords(tmp.resolve("home/mounts"), tmp.resolve("home/mounts.json")));
    mnt = Files.createDirectory(tmp.resolve("mnt"));
    mounts.mountWritable(repo.resolve("cats"), mnt);
  }

  @AfterEach
  void tearDown() {
    if (mounts != null) mounts.close();
    if (mnt != null) FuseMount.forceUnmount(mnt);
    if (repo != null) repo.close();
  }

  @Test
  void addedFilesReadThroughTheKernelAndCommitWithoutAChunk() throws IOException {
    assertEquals("top\n", Files.readString(mnt.resolve("top.txt"))); // the kernel has seen it
    TreeEntry bin = repo.stat(dogs, "dog.bin");
    SortedMap<String, TreeEntry> files = new TreeMap<>(Map.of("new/dog.bin", bin, "top.txt", bin, "gone.bin", bin));

    assertEquals(3, mounts.addStored(mnt.resolve("new"), files)); // from inside the mount too, as status is
    assertArrayEquals(dogBin, Files.readAllBytes(mnt.resolve("new/dog.bin")));
    assertArrayEquals(dogBin, Files.readAllBytes(mnt.resolve("top.txt")), "not what the kernel saw before");
    assertEquals(1, mounts.removeStaged(mnt, List.of("gone.bin", "new")));
    assertFalse(Files.exists(mnt.resolve("gone.bin")));
    assertEquals(List.of("A new", "A new/dog.bin", "M top.txt"),
        mounts.status(mnt).stream().map(c -> c.kind().letter() + " " + c.path()).toList());

    Files.write(mnt.resolve("top.txt"), "!".getBytes(), StandardOpenOption.APPEND); // copied up, then appended
    ImportResult r = mounts.commit(mnt, new ImportOptions("add", "me", Map.of()), false);
    assertEquals(dogBin.length + 1, repo.stat(r.version(), "top.txt").size());
    assertEquals(bin.chunkList(), repo.stat(r.version(), "new/dog.bin").chunkList());
    assertArrayEquals(dogBin, Files.readAllBytes(mnt.resolve("new/dog.bin")));
  }

  @Test
  void addAndDelNeedAWritableMount() {
    SortedMap<String, TreeEntry> files = new TreeMap<>(Map.of("x", repo.stat(dogs, "dog.bin")));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> mounts.addStored(tmp, files));
    assertTrue(e.getMessage().startsWith("not inside a writable datafs mount: "), e.getMessage());
    assertThrows(InvalidInputException.class, () -> mounts.removeStaged(tmp.resolve("cats"), List.of("top.txt")));
  }
}
