package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small disk (a tmpfs home): an import that fills it fails cleanly and the previous version stays whole and latest;
 * the chunk cache never takes the space below its floor; a full disk does not keep {@code umount} from forgetting a
 * mount.
 */
class DiskFullTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Path mount;
  Datafs datafs;

  @AfterEach
  void unmount() {
    if (datafs != null) datafs.stopDaemon(); // its store is on the small disk
    if (mount != null) Trees.sh("umount", "-l", mount.toString());
  }

  private void smallDisk(String size) throws Exception {
    Root.require();
    mount = tmp.resolve("small-disk");
    Files.createDirectories(mount);
    Trees.Shell m = Trees.sh("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString());
    assertEquals(0, m.exit(), m.out());
  }

  @Test
  void aFullDiskLosesNothing() throws Exception {
    smallDisk("48m");

    Path src = tmp.resolve("src");
    Trees.write(src.resolve("first.bin"), Trees.random(1, 4 << 20));
    datafs = homes.at(mount.resolve("home"));
    datafs.ok("import", src.toString(), "cats", "-m", "fits");

    for (int i = 0; i < 8; i++) Trees.write(src.resolve("more/" + i + ".bin"), Trees.random(10 + i, 8 << 20));
    String err = datafs.fails(1, "import", src.toString(), "cats", "-m", "too big");
    assertTrue(err.contains("no space left on device"), err);

    assertEquals(1, datafs.ok("log", "cats", "--json").json().size(), "no half-published version");
    assertEquals(1, datafs.ok("show", "cats", "--json").json().get("version").asInt());
    assertTrue(datafs.ok("verify").stdout().startsWith("ok: "));
    try (Stream<Path> s = Files.walk(mount.resolve("home/packs"))) {
      assertEquals(0,
          s.filter(p -> p.getParent().getFileName().toString().equals("tmp") && Files.isRegularFile(p)).count(),
          "no temp pack left behind");
    }
    Path out = tmp.resolve("out");
    datafs.ok("export", "cats", out.toString());
    assertEquals(Trees.sha256(src.resolve("first.bin")), Trees.sha256(out.resolve("first.bin")));
  }

  /**
   * A lazy mount of a remote version larger than the whole disk, then verify, then a disk others fill: the chunk cache
   * keeps cache.minFreeBytes free throughout (evicting the least recently used, giving space back), every byte reads
   * right, and an import still has room.
   */
  @Test
  void theChunkCacheKeepsItsFloorFreeOnASmallDisk() throws Exception {
    Fuse.require();
    smallDisk("64m");
    long floor = 16L << 20;

    Path src = tmp.resolve("src");
    for (int i = 0; i < 20; i++) {
      Trees.write(src.resolve(String.format("d/%02d.bin", i)), Trees.random(100 + i, 4 << 20));
    }
    Path remote = Files.createDirectories(tmp.resolve("remote")); // 80 MiB on a bigger disk
    Datafs writer = homes.at(tmp.resolve("writer"));
    writer.ok("remote", "add", "origin", remote.toString());
    writer.ok("import", src.toString(), "big");
    writer.ok("push");

    datafs = homes.at(mount.resolve("home"));
    datafs.ok("remote", "add", "origin", remote.toString()); // edits config.json; no daemon yet
    Path config = datafs.home().resolve("config.json");
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(config.toFile());
    json.putObject("cache").put("minFreeBytes", floor);
    Files.writeString(config, json.toString());
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "big", mnt.toString());
    readAllRight(src, mnt, floor);
    assertTrue(cacheFiles() > 0, "the cache was used");

    long cached = cacheFiles();
    assertTrue(datafs.ok("verify").stdout().startsWith("ok: "));
    assertTrue(free() >= floor, "verify fetched, checked and dropped: " + free() + " bytes free");
    assertTrue(cacheFiles() <= cached, "verify cached nothing");

    // Something else takes the disk below the floor: the next reads make the cache give its space back.
    Path filler = mount.resolve("filler");
    try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
      for (long left = free() - floor / 2; left > 0; left -= zeros.capacity()) {
        ch.write(zeros.clear().limit((int) Math.min(left, zeros.capacity())));
      }
    }
    assertTrue(free() < floor);
    datafs.ok("umount", mnt.toString());
    datafs.ok("mount", "big", mnt.toString()); // the kernel has nothing of the new mount: every read reaches the daemon
    readAllRight(src, mnt, floor);
    Files.delete(filler);

    Path small = tmp.resolve("small");
    Trees.write(small.resolve("new.bin"), Trees.random(7, 2 << 20));
    datafs.ok("import", small.toString(), "more", "-m", "the store is not wedged");
    datafs.ok("umount", mnt.toString());
  }

  /** Reads every file through the mount, checking its bytes and, after each, that the disk keeps its floor free. */
  private void readAllRight(Path src, Path mnt, long floor) throws Exception {
    try (Stream<Path> s = Files.list(src.resolve("d"))) {
      for (Path f : (Iterable<Path>) s.sorted()::iterator) {
        assertEquals(Trees.sha256(f), Trees.sha256(mnt.resolve("d").resolve(f.getFileName())), f.toString());
        assertTrue(free() >= floor, "after reading " + f.getFileName() + ": " + free() + " bytes free, floor " + floor);
      }
    }
  }

  private long free() throws Exception {
    return Files.getFileStore(mount).getUsableSpace();
  }

  private long cacheFiles() throws Exception {
    try (Stream<Path> s = Files.walk(datafs.home().resolve("cache/chunks"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void umountOnAFullDiskForgetsTheMountForGood() throws Exception {
    Fuse.require();
    smallDisk("24m");
    Path src = tmp.resolve("src");
    Trees.write(src.resolve("labels.csv"), "a,1\nb,2\n".getBytes());
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs = homes.at(mount.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    datafs.ok("mount", "cats", mnt.toString());
    Path fill = mount.resolve("fill");
    Trees.Shell dd = Trees.sh("dd", "if=/dev/zero", "of=" + fill, "bs=1M");
    assertTrue(dd.out().contains("No space left on device"), dd.out());

    datafs.ok("umount", mnt.toString());
    assertFalse(Fuse.isMounted(mnt));
    datafs.stopDaemon();
    Files.delete(fill); // room for the next daemon to open its store
    assertEquals(0, datafs.ok("mounts", "--json").json().size(), "the next daemon does not mount it again");
    assertFalse(Fuse.isMounted(mnt));
  }
}
