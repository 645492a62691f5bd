package io.datafs.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.ForwardingRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.testing.Damage;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Download}: a remote version, or a part of it, written out with no store, fetching only that part. */
class DownloadTest {
  static final int BIG = 6 << 20;
  static final int SMALL = 50_000;
  @TempDir Path tmp;
  Path src;
  Path remoteDir;
  Path scratch;
  Remote remote;

  @BeforeEach
  void published() throws Exception {
    src = tmp.resolve("src");
    Random rnd = new Random(5);
    write(src.resolve("big.bin"), random(rnd, BIG));
    for (int i = 0; i < 10; i++) write(src.resolve("small/f" + i + ".bin"), random(rnd, SMALL));
    write(src.resolve("small/empty"), new byte[0]);
    Files.setPosixFilePermissions(src.resolve("small/f3.bin"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(src.resolve("small/f4.bin"), FileTime.fromMillis(1_500_000_000_123L));
    Files.createDirectories(src.resolve("empty-dir"));
    Files.createSymbolicLink(src.resolve("small/link"), Path.of("f1.bin"));
    Repository origin = Repository.open(tmp.resolve("origin"), d -> new MemoryKvStore());
    origin.importFolder(src, new DatasetName("cats"), new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
    remoteDir = Files.createDirectories(tmp.resolve("remote"));
    RemoteUrl url = RemoteUrl.parse(remoteDir.toString());
    origin.sync().push(new LocalFolderRemote(url), new RemoteRef(url, null), null, TransferProgress.NONE);
    origin.close();
    remote = new LocalFolderRemote(url);
    scratch = Files.createDirectories(tmp.resolve("scratch"));
  }

  @Test
  void aFileOrADirectoryIsFetchedAloneNeighboursByOneReadAndTheWholeVersionIsTheFolder() throws Exception {
    try (RemoteBrowser browser = RemoteBrowser.withoutStore(remote, scratch)) {
      Version v = browser.resolve("cats@v1");
      Path out = tmp.resolve("out");

      Download.Result big = Download.get(browser, v, "big.bin", out.resolve("big.bin"));
      assertArrayEquals(Files.readAllBytes(src.resolve("big.bin")), Files.readAllBytes(out.resolve("big.bin")));
      assertEquals(1, big.requests(), "its chunks follow each other in one pack: one ranged read");
      assertBetween(BIG, BIG + 4096, big.bytesFetched(), "random bytes are stored raw: the file's, and record headers");

      Download.Result small = Download.get(browser, v, "/small/", out.resolve("small"));
      assertEquals(11, small.files());
      assertEquals(1, small.requests(), "a directory's small files sit together in a pack: one ranged read");
      assertBetween(10L * SMALL, 10L * SMALL + 4096, small.bytesFetched(), "the small files' bytes");
      assertEquals(describe(src.resolve("small")), describe(out.resolve("small")));

      Download.Result all = Download.get(browser, v, "", out.resolve("all"));
      assertEquals(12, all.files());
      assertEquals(describe(src), describe(out.resolve("all")));
    }
    try (Stream<Path> left = Files.list(scratch)) {
      assertEquals(List.of(), left.toList(), "the scratch folder of the metadata is gone");
    }
  }

  @Test
  void aDamagedChunkIsFetchedAgainThenRefusedAndNothingIsWritten() throws Exception {
    Path pack;
    try (Stream<Path> s = Files.walk(remoteDir.resolve("packs"))) {
      pack = s.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    Damage.flipByte(pack, Files.size(pack) / 2);
    Path target = tmp.resolve("out/big.bin");
    AtomicInteger packReads = new AtomicInteger();
    Remote counted = new ForwardingRemote(remote) {
      @Override public byte[] read(RemoteKey key, long offset, int length) {
        if (key.value().startsWith("packs/")) packReads.incrementAndGet();
        return super.read(key, offset, length);
      }
    };
    try (RemoteBrowser browser = RemoteBrowser.withoutStore(counted, scratch)) {
      Version v = browser.resolve("cats@v1");
      CorruptObjectException e = assertThrows(CorruptObjectException.class,
          () -> Download.get(browser, v, "big.bin", target));
      assertTrue(e.getMessage().contains("does not match its hash, twice: refused"), e.getMessage());
      assertEquals(1, packReads.get(), "the damaged chunk was fetched once more on its own");
    }
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(List.of(), s.toList(), "no temporary file left beside the target");
    }
  }

  @Test
  void aTargetInTheWayIsRefusedAndLeftAsItWas() throws Exception {
    Path full = Files.createDirectories(tmp.resolve("full"));
    write(full.resolve("mine.txt"), "mine".getBytes());
    Path existing = write(tmp.resolve("existing.bin"), "keep".getBytes());
    try (RemoteBrowser browser = RemoteBrowser.withoutStore(remote, scratch)) {
      Version v = browser.resolve("cats");
      assertEquals("target folder is not empty: " + full,
          assertThrows(InvalidInputException.class, () -> Download.get(browser, v, "small", full)).getMessage());
      assertEquals("target exists: " + existing,
          assertThrows(InvalidInputException.class, () -> Download.get(browser, v, "big.bin", existing)).getMessage());
      Download.get(browser, v, "small", Files.createDirectories(tmp.resolve("empty")));
    }
    assertEquals("mine", Files.readString(full.resolve("mine.txt")));
    assertEquals("keep", Files.readString(existing));
    assertEquals(describe(src.resolve("small")), describe(tmp.resolve("empty")), "an empty folder is filled");
  }

  static void assertBetween(long low, long high, long actual, String what) {
    assertTrue(actual >= low && actual <= high, what + ": " + actual + " not in [" + low + ", " + high + "]");
  }

  /** Path -> kind, mode, mtime, content (or link target), the root left out. */
  static SortedMap<String, String> describe(Path root) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(root)) continue;
        String what;
        if (Files.isSymbolicLink(p)) {
          what = "link " + Files.readSymbolicLink(p);
        } else {
          what = (Files.isDirectory(p) ? "dir " : "file " + java.util.Arrays.hashCode(Files.readAllBytes(p)) + " ")
              + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " " + Files.getLastModifiedTime(p);
        }
        out.put(root.relativize(p).toString(), what);
      }
    }
    return out;
  }

  static byte[] random(Random rnd, int size) {
    byte[] b = new byte[size];
    rnd.nextBytes(b);
    return b;
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }
}
