package io.datafs.cli.doctor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** What the machine must give datafs: a Java it runs on, the FUSE device, libfuse 2, and fusermount for non-root. */
final class SystemChecks {
  static final Path DEV_FUSE = Path.of("/dev/fuse");
  /** /dev/fuse is character device 10:229 on Linux. */
  private static final long FUSE_RDEV = (10L << 8) | 229;

  private SystemChecks() {}

  static List<Finding> run() {
    return List.of(java(), fuseDevice(), libfuse(), fusermount());
  }

  static Finding java() {
    int feature = Runtime.version().feature();
    String what = "java " + Runtime.version();
    return feature >= 17 ? Finding.ok("java", what)
        : Finding.fail("java", what + " is older than 17: apt-get install openjdk-17-jre-headless");
  }

  /** Present, the real device, and openable read-write by this user: what mounting does first. */
  static Finding fuseDevice() {
    String what = DEV_FUSE.toString();
    if (!Files.exists(DEV_FUSE)) {
      return Finding.fail(what, "missing: load the module (modprobe fuse); in a container, run it with"
          + " --device /dev/fuse");
    }
    try {
      Object rdev = Files.getAttribute(DEV_FUSE, "unix:rdev");
      boolean chr = Files.readAttributes(DEV_FUSE, java.nio.file.attribute.BasicFileAttributes.class).isOther();
      if (!chr || !(rdev instanceof Long r) || r != FUSE_RDEV) {
        return Finding.fail(what, "is not the FUSE device (character device 10:229): something is mounted or put"
            + " over it; remove that, or recreate it with mknod -m 666 /dev/fuse c 10 229");
      }
    } catch (IOException | UnsupportedOperationException e) {
      return Finding.fail(what, "cannot be examined (" + e.getMessage() + "): check that /dev is readable");
    }
    try (FileChannel ch = FileChannel.open(DEV_FUSE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return Finding.ok(what, "opens read-write");
    } catch (IOException e) {
      return Finding.fail(what, "cannot be opened read-write (" + e.getMessage() + "): make it mode 0666"
          + " (chmod 666 /dev/fuse), or in a container allow the device (--device /dev/fuse, DeviceAllow=/dev/fuse)");
    }
  }

  /** jnr-fuse binds libfuse 2 by name: loading it here is what a mount does. */
  static Finding libfuse() {
    try {
      LibFuse lib = jnr.ffi.LibraryLoader.create(LibFuse.class).failImmediately().load("fuse");
      int v = lib.fuse_version();
      return Finding.ok("libfuse", "libfuse " + v / 10 + "." + v % 10);
    } catch (LinkageError | RuntimeException e) {
      return Finding.fail("libfuse", "libfuse 2 cannot be loaded (" + oneLine(e) + "): apt-get install libfuse2");
    }
  }

  /** The one libfuse function asked for. */
  public interface LibFuse {
    int fuse_version();
  }

  /** Root unmounts with umount; everyone else needs fusermount (fuse3's fusermount3 will do). */
  static Finding fusermount() {
    boolean root = "root".equals(System.getProperty("user.name"));
    for (String name : List.of("fusermount", "fusermount3")) {
      String found = onPath(name);
      if (found != null) return Finding.ok("fusermount", found);
    }
    return root ? Finding.ok("fusermount", "not installed, not needed by root (umount is used)")
        : Finding.fail("fusermount", "not on PATH: mounts cannot be made or removed without it; apt-get install fuse3");
  }

  private static String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) return null;
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) return p.toString();
    }
    return null;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse(m).strip();
  }
}
