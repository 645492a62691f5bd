package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills mid-import: the import fails cleanly and the previous version stays whole and latest. A full disk
 * does not keep {@code umount} from forgetting a mount.
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
      assertEquals(0, s.filter(p -> p.getParent().getFileName().toString().equals("tmp") && Files.isRegularFile(p)).count(),
          "no temp pack left behind");
    }
    Path out = tmp.resolve("out");
    datafs.ok("export", "cats", out.toString());
    assertEquals(Trees.sha256(src.resolve("first.bin")), Trees.sha256(out.resolve("first.bin")));
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
