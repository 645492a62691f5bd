package io.datafs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A command that runs in the client, without the daemon: it only reads or edits {@code config.json}, or reads a
 * remote given by its URL ({@link RegistryUrl}), which needs neither the store's database nor its mounts, nor a store.
 */
public interface LocalCommand {
  /** Whether this command line runs here; when not, it is a {@link DatafsSubcommand} the daemon runs. */
  default boolean runsHere() {
    return true;
  }

  /** @return the exit status */
  int runHere(PrintStream out, Map<String, String> env, Path cwd) throws IOException;
}
