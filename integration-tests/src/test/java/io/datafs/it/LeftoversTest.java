package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files a killed process left behind go: the daemon clears packs/tmp and cache/index's temporary files when
 * it starts, a push the folder remote's stale .datafs-tmp files, an export the stale temporary folders of killed
 * exports beside its target. Fresh ones, which may be another process's work under way, stay.
 */
class LeftoversTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void leftoversOfKilledProcessesGoAndWorkUnderWayStays() throws Exception {
    Path src = tmp.resolve("src");
    Trees.write(src.resolve("labels.csv"), "a,1\n".getBytes());
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    datafs.stopDaemon();

    Path packsTmp = datafs.home().resolve("packs/tmp");
    Trees.write(packsTmp.resolve("pack-1234.tmp"), new byte[4096]);
    Trees.write(packsTmp.resolve("pull-5678/abcd"), new byte[4096]);
    Path indexes = datafs.home().resolve("cache/index");
    Trees.write(indexes.resolve(".tmp-42.idx"), new byte[4096]); // a pack index of a remote, being saved
    datafs.ok("datasets"); // a new daemon
    assertEquals(List.of(), names(packsTmp), "the daemon clears packs/tmp when it starts");
    assertEquals(List.of(), names(indexes), "and the temporary files of cache/index");

    Path remote = Files.createDirectories(tmp.resolve("remote"));
    datafs.ok("remote", "add", "usb", remote.toString());
    Path staleUpload = old(Trees.write(remote.resolve(".datafs-tmp/obj-111.tmp"), new byte[4096]));
    Trees.write(remote.resolve(".datafs-tmp/obj-222.tmp"), new byte[4096]);
    datafs.ok("push");
    assertFalse(Files.exists(staleUpload));
    assertEquals(List.of("obj-222.tmp"), names(remote.resolve(".datafs-tmp")), "an upload under way stays");

    Path out = tmp.resolve("exports/out");
    Path exports = tmp.resolve("exports");
    Path killed = old(Trees.write(exports.resolve(".out.datafs-export-99999999/labels.csv"), new byte[4]).getParent());
    Path otherTarget = old(Trees.write(exports.resolve(".other.datafs-export-99999998/x"), new byte[4]).getParent());
    Trees.write(tmp.resolve("exports/.out.datafs-export-99999997/labels.csv"), new byte[4]); // fresh
    old(Trees.write(tmp.resolve("exports/.out.datafs-export-1/labels.csv"), new byte[4]).getParent()); // pid 1 lives
    old(Trees.write(tmp.resolve("exports/.notes.txt"), new byte[4]));
    datafs.ok("export", "cats", out.toString());
    assertFalse(Files.exists(killed));
    assertFalse(Files.exists(otherTarget));
    assertEquals(List.of(".notes.txt", ".out.datafs-export-1", ".out.datafs-export-99999997", "out"),
        names(tmp.resolve("exports")), "fresh ones, a live process's, and what is not an export's stay");
    assertTrue(Files.isRegularFile(out.resolve("labels.csv")));
  }

  /** Dates a file or folder two hours back, as a killed process would have left it. */
  private static Path old(Path p) throws Exception {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    return p;
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
