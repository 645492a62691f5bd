package io.datafs.fs.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listings of a writable mount's directories while they change: seeded random interleavings of create, unlink,
 * rename (within, out of and into the directory) and readdir pages, continued from the last offset or from an
 * earlier one (seekdir), against a model of the directory. Every page must be exactly the entries present after the
 * name its offset stands for, in name order: so nothing that stays is skipped or repeated.
 */
class OverlayListingTest {
  private static final int RW_CREATE = 0100 | 2;
  private static final int BASE_ENTRIES = 3000;

  @TempDir Path tmp;
  private Repository repo;
  private OverlayFileSystem fs;
  private int counter; // names never repeat, across listings and seeds

  @BeforeEach
  void setUp() throws IOException {
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("base"));
    Files.createDirectories(src.resolve("aside"));
    for (int i = 0; i < BASE_ENTRIES; i++) Files.writeString(src.resolve("base/m" + (i * 7919 % 100_000)), "x");
    repo = Repository.open(tmp.resolve("home"), d -> new MemoryKvStore());
    repo.importFolder(src, new DatasetName("ds"), new ImportOptions("v1", "me", Map.of()), ImportProgress.NONE);
    fs = new Overlays(repo, new ChunkCache(16 << 20), CommitSteps.NONE).open(tmp.resolve("mnt"), repo.resolve("ds"));
  }

  @AfterEach
  void tearDown() {
    fs.close();
    repo.close();
  }

  @Test
  void listingsWhileTheDirectoryChangesNeverSkipOrRepeatAnEntry() {
    for (int seed = 0; seed < 12; seed++) {
      Random rnd = new Random(seed);
      int size = new int[] {0, 1, 2, 17, 300, 5000}[seed % 6];
      String dir = seed % 2 == 0 ? "/new" + seed : "/base";
      Model m = new Model(rnd, dir);
      if (dir.startsWith("/new")) fs.mkdir(dir, 0755);
      else m.present.addAll(names(dir));
      while (m.present.size() < size) m.create();
      for (int listing = 0; listing < 3; listing++) m.listWhileChanging();
      assertEquals(List.copyOf(m.present), names(dir), "seed " + seed + ": a fresh listing");
    }
  }

  @Test
  void offsetsBelongToTheirOpenDirectory() {
    long h = fs.opendir("/base");
    List<DirEntry> page = fs.readdir("/base", h, 0, 10);
    fs.releasedir(h);
    FsException closed = assertThrows(FsException.class, () -> fs.readdir("/base", h, page.get(9).nextOffset(), 10));
    assertEquals(Errno.EBADF, closed.errno());
    long other = fs.opendir("/base");
    FsException unknown = assertThrows(FsException.class, () -> fs.readdir("/base", other, 1_000_000, 10));
    assertEquals(Errno.EINVAL, unknown.errno());
    fs.releasedir(other);
    FsException notDir = assertThrows(FsException.class, () -> fs.opendir("/base/" + names("/base").get(0)));
    assertEquals(Errno.ENOTDIR, notDir.errno());
  }

  @Test
  void listingADirectoryAgainAndAgainKeepsOneCookiePerEntry() {
    long h = fs.opendir("/base");
    List<Long> first = new ArrayList<>();
    for (int pass = 0; pass < 3; pass++) {
      List<Long> offsets = new ArrayList<>();
      long at = 0;
      for (List<DirEntry> page; !(page = fs.readdir("/base", h, at, 97)).isEmpty(); at = last(page).nextOffset()) {
        page.forEach(e -> offsets.add(e.nextOffset()));
      }
      if (pass == 0) first.addAll(offsets);
      assertEquals(first, offsets, "rewinddir and list again: the same offsets");
    }
    assertEquals(BASE_ENTRIES, first.get(first.size() - 1));
    fs.releasedir(h);
  }

  /** A directory as it should be, and one open listing of it at a time. */
  private final class Model {
    final Random rnd;
    final String dir;
    final NavigableSet<String> present = new TreeSet<>();

    Model(Random rnd, String dir) {
      this.rnd = rnd;
      this.dir = dir;
    }

    String fresh() {
      return (char) ('a' + rnd.nextInt(26)) + String.format("%06d", ++counter);
    }

    void create() {
      String name = fresh();
      fs.release(fs.create(dir + "/" + name, 0644, RW_CREATE));
      present.add(name);
    }

    String any() {
      int i = rnd.nextInt(present.size());
      return present.stream().skip(i).findFirst().orElseThrow();
    }

    /** One listing interleaved with changes, each page checked against the model. */
    void listWhileChanging() {
      long h = fs.opendir(dir);
      Map<Long, String> nameAt = new HashMap<>(); // offset -> the entry it resumes after
      List<Long> told = new ArrayList<>();
      long at = 0;
      int seeks = 0;
      try {
        while (true) {
          double r = rnd.nextDouble();
          if (r < 0.5) {
            int max = 1 + rnd.nextInt(200);
            List<DirEntry> page = fs.readdir(dir, h, at, max);
            String after = at == 0 ? null : nameAt.get(at);
            NavigableSet<String> rest = after == null ? present : present.tailSet(after, false);
            List<String> expected = rest.stream().limit(max).toList();
            List<String> got = page.stream().map(DirEntry::name).toList();
            assertEquals(expected, got, "page after " + after + " in " + dir);
            if (page.isEmpty()) return;
            long previous = at;
            for (DirEntry e : page) {
              assertTrue(e.nextOffset() > previous, "offsets advance");
              previous = e.nextOffset();
              nameAt.put(e.nextOffset(), e.name());
            }
            at = previous;
          } else if (r < 0.62) {
            create();
          } else if (r < 0.72 && !present.isEmpty()) {
            String name = any();
            fs.unlink(dir + "/" + name);
            present.remove(name);
          } else if (r < 0.8 && !present.isEmpty()) {
            String from = any();
            String to = fresh();
            fs.rename(dir + "/" + from, dir + "/" + to);
            present.remove(from);
            present.add(to);
          } else if (r < 0.85 && !present.isEmpty()) {
            String name = any();
            fs.rename(dir + "/" + name, "/aside/" + name);
            present.remove(name);
          } else if (r < 0.9) {
            String name = fresh();
            fs.release(fs.create("/aside/" + name, 0644, RW_CREATE));
            fs.rename("/aside/" + name, dir + "/" + name);
            present.add(name);
          } else if (r < 0.96) {
            told.add(at);
          } else if (!told.isEmpty() && seeks++ < 3) {
            at = told.get(rnd.nextInt(told.size()));
          }
        }
      } finally {
        fs.releasedir(h);
      }
    }
  }

  private static DirEntry last(List<DirEntry> page) {
    return page.get(page.size() - 1);
  }

  private List<String> names(String dir) {
    long h = fs.opendir(dir);
    try {
      List<String> out = new ArrayList<>();
      long at = 0;
      for (List<DirEntry> page; !(page = fs.readdir(dir, h, at, 500)).isEmpty(); at = last(page).nextOffset()) {
        page.forEach(e -> out.add(e.name()));
      }
      return out;
    } finally {
      fs.releasedir(h);
    }
  }
}
