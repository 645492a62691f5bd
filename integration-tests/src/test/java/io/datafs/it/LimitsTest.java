package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19's limits: huge listings cut short, many files held open; the daemon stays whole and answers. */
class LimitsTest {
  static final int HUGE = 200_000;
  static final int OPEN = 10_000;
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  /**
   * A listing of a 200k-entry directory stopped after its first line, by the CLI ({@code ls | head -1}) and through
   * the mount (a reader that takes one entry and leaves), leaves the daemon answering: the next command does, and
   * the next full listing through the mount is whole.
   */
  @Test
  void aHugeListingCutShortLeavesTheDaemonAnswering() throws Exception {
    Fuse.require();
    Path big = Files.createDirectories(tmp.resolve("src/big"));
    for (int i = 0; i < HUGE; i++) Files.createFile(big.resolve(String.format("f%06d", i)));
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", tmp.resolve("src").toString(), "huge");
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "huge@v1", mnt.toString());

    Datafs.Result cut = datafs.shell("\"$DATAFS\" ls -l huge big | head -1");
    assertEquals(0, cut.exit(), cut.err());
    assertFalse(cut.err().contains("Exception"), cut.err());
    assertEquals(List.of("big/f000000"), List.of(cut.stdout().strip().replaceAll(".* ", "")));
    Trees.Shell one = Trees.sh("python3", "-c", "import os, sys\nit = os.scandir(sys.argv[1])\nprint(next(it).name)",
        mnt.resolve("big").toString());
    assertEquals(0, one.exit(), one.out());

    assertEquals(List.of("big/f199999"), datafs.ok("ls", "huge", "big/f199999").lines());
    try (Stream<Path> listed = Files.list(mnt.resolve("big"))) {
      assertEquals(HUGE, listed.count());
    }
    assertEquals(0, Files.size(mnt.resolve(String.format("big/f%06d", HUGE - 1))));
    datafs.ok("umount", mnt.toString());
  }

  /**
   * 10k files held open at once through a mount served by a daemon whose heap is 64 MiB: each reads right while all
   * are open, and the daemon answers meanwhile. What the daemon keeps per open file has to stay small (a few KiB each
   * would not fit).
   */
  @Test
  void tenThousandOpenFilesFitInASmallDaemonHeap() throws Exception {
    Fuse.require();
    Path src = tmp.resolve("many");
    for (int i = 0; i < OPEN; i++) Trees.write(src.resolve(name(i)), Trees.random(i, 4096));
    Datafs datafs = homes.at(tmp.resolve("home-small")).withEnv("JAVA_OPTS", "-Xmx64m");
    datafs.ok("import", src.toString(), "many");
    Path mnt = Files.createDirectories(tmp.resolve("mnt-small"));
    datafs.ok("mount", "many@v1", mnt.toString());
    long daemon = Long.parseLong(Files.readString(datafs.home().resolve("daemon.pid")).strip());

    List<FileChannel> open = new ArrayList<>();
    try {
      for (int i = 0; i < OPEN; i++) open.add(FileChannel.open(mnt.resolve(name(i))));
      ByteBuffer buf = ByteBuffer.allocate(8192);
      for (int i = 0; i < OPEN; i++) {
        buf.clear();
        while (open.get(i).read(buf) > 0) { /* to the end */ }
        assertArrayEquals(Trees.random(i, 4096), Arrays.copyOf(buf.array(), buf.position()), name(i));
      }
      assertEquals(1, datafs.ok("mounts", "--json").json().size());
    } finally {
      for (FileChannel ch : open) ch.close();
    }
    assertEquals(daemon, Long.parseLong(Files.readString(datafs.home().resolve("daemon.pid")).strip()));
    assertFalse(Files.readString(datafs.home().resolve("daemon.log")).contains("OutOfMemoryError"));
    datafs.ok("umount", mnt.toString());
  }

  private static String name(int i) {
    return String.format("d%02d/f%05d.bin", i / 1_000, i);
  }
}
