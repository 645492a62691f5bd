package io.datafs.cli;

import io.datafs.core.error.StoreLockedException;
import io.datafs.core.repo.Repository;
import io.datafs.metadata.RocksKvStore;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --home}, and opening the store it names (created on first use). */
public final class StoreOptions {
  /** How long a command waits for another datafs process to release the store. */
  private static final Duration LOCK_WAIT = Duration.ofMinutes(30);

  @Option(names = "--home", paramLabel = "DIR",
      description = "Store location (default: $DATAFS_HOME, else ~/.datafs).")
  Path home;

  public Path home() {
    if (home != null) return home;
    String env = System.getenv("DATAFS_HOME");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".datafs");
  }

  public Repository open() {
    try {
      return Repository.open(home(), dir -> RocksKvStore.open(dir, Duration.ofMillis(500)));
    } catch (StoreLockedException e) {
      System.err.println("datafs: waiting for another datafs process to finish with " + home() + " ...");
      return Repository.open(home(), dir -> RocksKvStore.open(dir, LOCK_WAIT));
    }
  }
}
