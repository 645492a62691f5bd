package io.datafs.fs.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.fs.Attributes;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.fuse.WritableFs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a writable mount keeps per inode beyond a version, an atime set by utimensat and an owner other than the
 * daemon's, outlives the overlay being opened again (as a daemon restart or a remount opens it), and follows renames
 * and unlinks. The daemon's own user is the default and leaves no row.
 */
class OverlayKeptTest {
  private static final long NOBODY = 65534;
  private static final long Y2040 = 2_208_988_800_123_456_789L;
  private static final int CREAT_RW = 0102;

  @TempDir Path tmp;
  private Repository repo;

  @BeforeEach
  void setUp() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("top.txt"), "top\n");
    repo = Repository.open(tmp.resolve("home"), d -> new MemoryKvStore());
    repo.importFolder(src, new DatasetName("cats"), new ImportOptions("v1", "me", Map.of()), ImportProgress.NONE);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private OverlayFileSystem open() {
    return new Overlays(repo, new ChunkCache(1 << 20), CommitSteps.NONE).open(tmp.resolve("mnt"),
        repo.resolve("cats"));
  }

  @Test
  void atimesSetAndOwnersOtherThanTheDaemonsOutliveAReopen() throws Exception {
    long me = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    long myGroup = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
    OverlayFileSystem fs = open();
    fs.mkdir("/d", 0777);
    fs.created("/d", NOBODY, NOBODY);
    fs.release(fs.create("/d/theirs", 0644, CREAT_RW));
    fs.created("/d/theirs", NOBODY, NOBODY);
    fs.release(fs.create("/mine", 0644, CREAT_RW));
    fs.created("/mine", me, myGroup); // the daemon's own user: the default, no row
    fs.utimens("/mine", Y2040, WritableFs.TIME_OMIT);
    fs.utimens("/top.txt", Y2040 + 1, WritableFs.TIME_OMIT); // an entry of the version, not staged
    fs.release(fs.create("/gone", 0644, CREAT_RW));
    fs.created("/gone", NOBODY, NOBODY);
    fs.unlink("/gone");
    fs.rename("/d", "/moved");
    fs.close();

    OverlayFileSystem again = open();
    assertEquals(List.of(NOBODY, NOBODY), owner(again.getattr("/moved")));
    assertEquals(List.of(NOBODY, NOBODY), owner(again.getattr("/moved/theirs")));
    assertEquals(Y2040, again.getattr("/mine").atimeNanos());
    assertEquals(List.of(-1L, -1L), owner(again.getattr("/mine")));
    assertEquals(Y2040 + 1, again.getattr("/top.txt").atimeNanos());
    again.release(again.create("/gone", 0644, CREAT_RW)); // its predecessor's row went with the unlink
    assertEquals(List.of(-1L, -1L), owner(again.getattr("/gone")));
    again.close();
  }

  private static List<Long> owner(Attributes a) {
    return List.of(a.uid(), a.gid());
  }
}
