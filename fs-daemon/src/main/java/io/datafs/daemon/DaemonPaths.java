package io.datafs.daemon;

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

  /** The mounts to restore when the daemon starts again. */
  public Path mounts() {
    return home.resolve("mounts.json");
  }
}
