package io.datafs.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Mount tests run for real on every CI run (root, /dev/fuse). A developer's machine without FUSE may skip
 * them only by saying so: DATAFS_SKIP_FUSE_TESTS=1.
 */
final class Fuse {
  private Fuse() {}

  static void require() {
    boolean skip = "1".equals(System.getenv("DATAFS_SKIP_FUSE_TESTS"));
    Assumptions.assumeFalse(skip, "DATAFS_SKIP_FUSE_TESTS=1: skipping a test that mounts");
    if (!Files.exists(Path.of("/dev/fuse"))) fail(
        "/dev/fuse is missing; set DATAFS_SKIP_FUSE_TESTS=1 to skip mount tests");
  }

  static boolean isMounted(Path dir) {
    try {
      String target = dir.toAbsolutePath().normalize().toString().replace(" ", "\\040");
      return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.split(" ")[4].equals(target));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
