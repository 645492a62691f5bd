package io.datafs.daemon;

import java.util.List;
import java.util.Map;

/**
 * One command line sent by a client to the daemon.
 *
 * @param cwd      the client's working directory: relative paths in {@code argv} are resolved against it
 * @param terminal whether the client's stderr is a terminal (progress is drawn only then)
 * @param env      the few environment variables commands read (DATAFS_AUTHOR)
 */
public record Request(List<String> argv, String cwd, boolean terminal, Map<String, String> env) {
  public Request {
    argv = List.copyOf(argv);
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}
