package io.datafs.cli.doctor;

import io.datafs.core.config.CacheConfig;
import io.datafs.core.error.DatafsException;
import io.datafs.core.store.StoreLayout;
import io.datafs.daemon.DaemonPaths;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** The store home: trusted (owner, modes, no links), room on its disk, its socket, its cache's bound, stale mounts. */
final class StoreChecks {
  /** Below this free on the store's disk, imports and commits are about to fail. */
  static final long LOW_SPACE = 1L << 30;

  private StoreChecks() {}

  static List<Finding> run(Path home) {
    List<Finding> found = new ArrayList<>();
    DaemonPaths paths = new DaemonPaths(home);
    if (!Files.isDirectory(home)) {
      found.add(Finding.warn("store " + home, "does not exist yet: datafs init (or any command) creates it"));
      return found;
    }
    try {
      paths.check();
      found.add(Finding.ok("store " + home, "owned by this user, not writable by others"));
    } catch (DatafsException e) {
      found.add(Finding.fail("store " + home, e.getMessage()));
      return found; // nothing in an untrusted home is opened
    }
    found.add(space(home));
    found.add(socket(paths.socket()));
    found.add(cache(new StoreLayout(home)));
    found.addAll(staleMounts());
    return found;
  }

  static Finding space(Path home) {
    try {
      FileStore store = Files.getFileStore(home);
      long free = store.getUsableSpace();
      String what = "free space";
      String said = human(free) + " free of " + human(store.getTotalSpace()) + " on " + store;
      return free < LOW_SPACE ? Finding.warn(what, said + ": imports and commits need room; free some, or move"
          + " DATAFS_HOME to a larger disk") : Finding.ok(what, said);
    } catch (IOException e) {
      return Finding.fail("free space", "cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Only its owner may talk to the daemon: the socket carries the client's credentials. */
  static Finding socket(Path socket) {
    String what = "socket " + socket;
    if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Finding.ok(what, "no daemon runs now (a command starts one)");
    }
    try {
      PosixFileAttributes a = Files.readAttributes(socket, PosixFileAttributes.class,
          java.nio.file.LinkOption.NOFOLLOW_LINKS);
      String mode = PosixFilePermissions.toString(a.permissions());
      String me = System.getProperty("user.name");
      if (!a.owner().getName().equals(me) || !mode.equals("rw-------")) {
        return Finding.fail(what, "is " + a.owner().getName() + "'s, mode " + mode + ": stop the daemon"
            + " (datafs daemon stop) and remove the socket; the next daemon makes it " + me + "'s, mode rw-------");
      }
      return Finding.ok(what, me + "'s, mode " + mode);
    } catch (IOException e) {
      return Finding.fail(what, "cannot be read (" + e.getMessage() + ")");
    }
  }

  /** A cache bound larger than the disk's room is no failure (the floor stops it) but a surprise worth a line. */
  static Finding cache(StoreLayout layout) {
    CacheConfig config;
    try {
      config = CacheConfig.load(layout.config());
    } catch (DatafsException e) {
      return Finding.fail("chunk cache", e.getMessage() + ": fix the cache section of " + layout.config());
    }
    try {
      Path dir = config.dir().filter(Files::isDirectory)
          .orElse(Files.isDirectory(layout.cache()) ? layout.cache() : layout.home());
      FileStore store = Files.getFileStore(dir);
      long bound = config.maxBytes(store.getTotalSpace());
      long floor = config.minFreeBytes(store.getTotalSpace());
      long room = Math.max(0, store.getUsableSpace() - floor);
      String said = "bound " + human(bound) + ", " + human(room) + " free above its floor of " + human(floor);
      return bound > room ? Finding.warn("chunk cache", said + ": it stops growing at the floor; lower"
          + " cache.maxBytes in " + layout.config() + " or free disk space") : Finding.ok("chunk cache", said);
    } catch (IOException e) {
      return Finding.fail("chunk cache", "its disk cannot be read (" + e.getMessage() + ")");
    }
  }

  /** datafs mounts the kernel still lists but nothing serves: "Transport endpoint is not connected". */
  static List<Finding> staleMounts() {
    List<Finding> found = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    } catch (IOException e) {
      return List.of(Finding.warn("mounts", "/proc/self/mountinfo cannot be read: stale mounts not checked"));
    }
    int live = 0;
    for (String line : lines) {
      String[] f = line.split(" ");
      int dash = java.util.Arrays.asList(f).indexOf("-");
      if (dash < 0 || dash + 1 >= f.length || !f[dash + 1].equals("fuse.datafs")) continue;
      Path dir = Path.of(f[4].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\"));
      try {
        Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class);
        live++;
      } catch (IOException e) {
        found.add(Finding.fail("mount " + dir, "is stale (" + e.getMessage() + "): fusermount -uz " + dir));
      }
    }
    if (found.isEmpty()) found.add(Finding.ok("mounts", live + " datafs mount(s), none stale"));
    return found;
  }

  static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
