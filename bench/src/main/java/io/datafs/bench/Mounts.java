package io.datafs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** FUSE mount points as /proc/self/mounts shows them. */
final class Mounts {
  private Mounts() {}

  static boolean isMounted(Path dir) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f.length > 2 && f[1].equals(dir.toString()) && f[2].startsWith("fuse")) return true;
    }
    return false;
  }

  /** Detaches whatever is mounted at {@code dir} (a killed earlier run's mount). */
  static void detach(Path dir) throws IOException, InterruptedException {
    if (isMounted(dir)) {
      Bench.log("detaching a mount left at " + dir);
      Proc.runQuietly(List.of("umount", "-l", dir.toString()));
    }
  }

  /** An empty directory to mount on: whatever was mounted there detached, made if missing. */
  static Path emptyDir(Path dir) throws IOException, InterruptedException {
    detach(dir);
    if (Files.exists(dir)) Files.delete(dir);
    return Files.createDirectories(dir);
  }
}
