package io.datafs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: which store (and so which daemon) a command is for. */
public final class StoreOptions {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Store location (default: $DATAFS_HOME, else ~/.datafs).")
  Path home;

  public Path home() {
    if (home != null) return home.toAbsolutePath();
    String env = System.getenv("DATAFS_HOME");
    if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
    return Path.of(System.getProperty("user.home"), ".datafs");
  }
}
