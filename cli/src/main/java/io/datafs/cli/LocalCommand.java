package io.datafs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A command that runs in the client, without the daemon: it only reads or edits {@code config.json}, which needs
 * neither the store's database nor its mounts.
 */
public interface LocalCommand {
  /** @return the exit status */
  int runHere(PrintStream out, Map<String, String> env, Path cwd) throws IOException;
}
