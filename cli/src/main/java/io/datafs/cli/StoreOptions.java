package io.datafs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: which store (and so which daemon) a command is for. */
public final class StoreOptions {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Store location (default: $DATAFS_HOME, else ~/.datafs).")
  Path home;

  @Option(names = "--offline", description = "Contact no remote: what needs one fails in one line; what reads one "
      + "says what is unknown without it (as DATAFS_OFFLINE=1).")
  boolean offline;

  /** Whether {@code --offline} was given (DATAFS_OFFLINE is the environment's: see Session#offline). */
  public boolean offline() {
    return offline;
  }

  public Path home() {
    if (home != null) return home.toAbsolutePath();
    String env = System.getenv("DATAFS_HOME");
    if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath();
    return Path.of(System.getProperty("user.home"), ".datafs");
  }
}
