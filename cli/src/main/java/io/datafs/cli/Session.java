package io.datafs.cli;

import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.repo.Repository;
import io.datafs.daemon.Daemon;
import io.datafs.daemon.Request;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One command line being run in the daemon: the client's streams, working directory and terminal, and the
 * daemon's repository and mounts. Commands use this instead of System.out and relative paths.
 */
public final class Session {
  private final Daemon daemon;
  private final Request request;
  private final OutputStream rawOut;
  private final PrintStream out;
  private final PrintStream err;
  private boolean offline;

  Session(Daemon daemon, Request request, OutputStream out, OutputStream err) {
    this.daemon = daemon;
    this.request = request;
    this.rawOut = out;
    this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    this.err = new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  public Daemon daemon() {
    return daemon;
  }

  /** The store, refused ({@link io.datafs.core.error.IndexLostException}) while its index is lost. */
  public Repository repo() {
    Repository repo = daemon.repository();
    repo.requireIndex();
    return repo;
  }

  public PrintStream out() {
    return out;
  }

  /** stdout for bytes (cat). */
  public OutputStream rawOut() {
    out.flush();
    return rawOut;
  }

  public PrintStream err() {
    return err;
  }

  public boolean stderrIsTerminal() {
    return request.terminal();
  }

  /** A path as the user meant it: relative to the client's working directory. */
  public Path path(Path p) {
    return Path.of(request.cwd()).resolve(p).normalize();
  }

  public String env(String name) {
    return request.env().get(name);
  }

  /**
   * The environment remotes open with: the daemon's, overridden by what the client sent (its DATAFS_REMOTE* and
   * credential variables), so a command uses the caller's credentials as git would.
   */
  public Map<String, String> remoteEnv() {
    Map<String, String> env = new HashMap<>(System.getenv());
    // Which remote, and whether any, is the client's choice alone, not whatever the client that started the daemon
    // had set.
    env.keySet().removeIf(k -> k.startsWith("DATAFS_REMOTE") || k.equals(RemoteOptions.OFFLINE));
    env.putAll(request.env());
    if (offline) env.put(RemoteOptions.OFFLINE, "1");
    return env;
  }

  /** {@code --offline} was given: remotes opened with {@link #remoteEnv} refuse to be contacted. */
  void goOffline() {
    offline = true;
  }

  /** Whether this command may contact no remote ({@code --offline}, or {@code DATAFS_OFFLINE=1} in the client). */
  public boolean offline() {
    return RemoteOptions.isOffline(remoteEnv());
  }

  /** The client's working directory. */
  public Path cwd() {
    return Path.of(request.cwd());
  }

  void flush() {
    out.flush();
    err.flush();
  }
}
