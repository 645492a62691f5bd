package io.datafs.daemon;

import io.datafs.core.store.HomeCheck;
import io.datafs.core.store.StoreLayout;
import java.nio.file.Path;

/** The daemon's files under a store home. */
public record DaemonPaths(Path home) {
  public DaemonPaths {
    home = home.toAbsolutePath().normalize();
  }

  /** The control socket, mode 0600. */
  public Path socket() {
    return home.resolve("daemon.sock");
  }

  public Path log() {
    return home.resolve("daemon.log");
  }

  /** The running daemon's process id, so a client can wait for it to exit. */
  public Path pid() {
    return home.resolve("daemon.pid");
  }

  /** The mounts to restore when the daemon starts again: one record file per mount ({@link MountRecords}). */
  public Path mounts() {
    return home.resolve("mounts");
  }

  /** Where mounts were recorded before one file per mount: read once, to move its records into {@link #mounts()}. */
  public Path legacyMounts() {
    return home.resolve("mounts.json");
  }

  /** {@link #check}, after creating the home (mode 0700) when it does not exist. */
  /** What {@code datafs cache pin} keeps out of eviction ({@link CachePins}). */
  public Path cachePins() {
    return home.resolve("cache-pins.json");
  }

  public void prepare() {
    HomeCheck.createHome(home);
    check();
  }

  /**
   * Refuses the home, or any file the daemon and its clients open in it, that is another user's, writable by group or
   * others, or (a file) a symbolic link: see {@link HomeCheck}. Run by the client before it talks to or starts a
   * daemon, and by the daemon before it opens anything there. A home that does not exist yet passes.
   */
  public void check() {
    HomeCheck.home(home);
    StoreLayout layout = new StoreLayout(home);
    HomeCheck.file(log(), "the daemon log");
    HomeCheck.file(pid(), "the daemon's pid file");
    HomeCheck.file(socket(), "the daemon socket");
    HomeCheck.file(mounts(), "the mounts records");
    HomeCheck.file(legacyMounts(), "the mounts record");
    HomeCheck.file(layout.config(), "the config file");
    HomeCheck.file(layout.configLock(), "the config file's lock");
    HomeCheck.file(layout.records(), "the version records");
    HomeCheck.file(cachePins(), "the cache pins");
  }
}
