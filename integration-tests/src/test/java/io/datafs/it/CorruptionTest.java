package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flipped byte in a pack is found, named with the files it hurts, and never served: not by commands, nor by a mount,
 * even of the daemon that read the chunk intact before the damage.
 */
class CorruptionTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void aFlippedByteIsReportedAndNeverServedNotEvenByTheDaemonThatReadItIntact() throws Exception {
    Fuse.require();
    Datafs datafs = importVictim();
    datafs.ok("import", tmp.resolve("src").toString(), "cats");
    String chunk = datafs.ok("ls", "cats", "victim.bin", "--json").json().get(0).get("sha256").asText();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "cats", mnt.toString());
    byte[] victim = Files.readAllBytes(tmp.resolve("src/victim.bin"));
    assertArrayEquals(victim, Files.readAllBytes(mnt.resolve("victim.bin")), "intact: read, and checked");
    Path pack = largestPack(datafs);
    flipMiddleByte(pack); // in place, after the daemon read it: the disk's damage, weeks into its run
    datafs.ok("umount", mnt.toString());
    datafs.ok("mount", "cats", mnt.toString()); // the same daemon: the kernel has nothing of this mount cached

    Trees.Shell read = Trees.sh("cat", mnt.resolve("victim.bin").toString());
    assertNotEquals(0, read.exit());
    assertTrue(read.out().endsWith("Input/output error\n"), read.out());
    assertFalse(read.out().length() > 100, "no byte of the damaged chunk came through");
    assertEquals("fine", Files.readString(mnt.resolve("fine.txt")));
    String line = "cats@v2:/victim.bin: object " + chunk + " in pack file " + pack.toAbsolutePath().normalize()
        + " is corrupt (CRC32C mismatch); the read answers EIO";
    List<String> log = Files.readAllLines(datafs.home().resolve("daemon.log"));
    assertEquals(1, log.stream().filter(l -> l.contains(line)).count(),
        "one line for the one open: " + String.join("\n", log));
    datafs.ok("umount", mnt.toString());

    Datafs.Result verify = datafs.run("verify");
    assertEquals(1, verify.exit());
    String report = verify.stdout();
    assertTrue(report.contains("chunk " + chunk), report);
    assertTrue(report.contains("cats@v1:victim.bin") && report.contains("cats@v2:victim.bin"), report);
    assertFalse(report.contains("fine.txt"), report);
    assertEquals(1, datafs.run("verify", "cats@v1").exit());

    String err = datafs.fails(1, "cat", "cats", "victim.bin");
    assertTrue(err.contains("corrupt"), err);
    Datafs.Result cat = datafs.run("cat", "cats", "victim.bin");
    assertEquals(0, cat.out().length, "a chunk is checked before any of it is written");
    assertEquals("fine", datafs.ok("cat", "cats", "fine.txt").stdout());

    Path out = tmp.resolve("out");
    assertTrue(datafs.fails(1, "export", "cats", out.toString()).contains("corrupt"));
    assertFalse(Files.exists(out), "a failed export leaves no folder");
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().contains("datafs-export")).count());
    }
    JsonNode j = datafs.run("verify", "--json").json();
    assertFalse(j.get("problems").isEmpty());
  }

  /** Imports a folder of a victim and a bystander as cats@v1. */
  private Datafs importVictim() {
    Path src = tmp.resolve("src");
    // One chunk (under the 256 KiB minimum, so its chunk id is the file's id) that fills most of the data
    // pack, the largest pack: the byte in the middle of that pack belongs to it.
    Trees.write(src.resolve("victim.bin"), Trees.random(1, 200_000));
    Trees.write(src.resolve("fine.txt"), "fine".getBytes());
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    return datafs;
  }

  private static Path largestPack(Datafs datafs) throws Exception {
    try (Stream<Path> s = Files.walk(datafs.home().resolve("packs"))) {
      return s.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
  }

  private static void flipMiddleByte(Path file) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
  }
}
