package io.datafs.daemon;

import io.datafs.fs.overlay.CommitSteps;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * For crash tests: {@code DATAFS_KILL_AT=<step>} in the daemon's environment makes the daemon kill itself with a
 * real SIGKILL ({@code kill -9} of its own pid) the moment a commit or a GC reaches that step, so nothing after it
 * runs: no finally blocks, no shutdown hooks, no flushes, exactly as a crash or the OOM killer would leave things.
 */
final class KillSwitch implements CommitSteps {
  static final String ENV = "DATAFS_KILL_AT";
  private static final System.Logger LOG = System.getLogger("datafs.daemon");

  private final String step;

  private KillSwitch(String step) {
    this.step = step;
  }

  /** The steps a daemon started with {@code value} as DATAFS_KILL_AT takes: none when it is unset or blank. */
  static CommitSteps of(String value) {
    return value == null || value.isBlank() ? CommitSteps.NONE : new KillSwitch(value.strip());
  }

  static CommitSteps fromEnvironment() {
    return of(System.getenv(ENV));
  }

  @Override
  public void reached(String name) {
    if (!step.equals(name)) return;
    long pid = ProcessHandle.current().pid();
    LOG.log(System.Logger.Level.WARNING, ENV + "=" + step + ": reached it, killing daemon " + pid + " with SIGKILL");
    try {
      new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
      Thread.sleep(10_000); // SIGKILL ends us while we wait
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot run kill -9: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(137); // kill failed: still end without running anything else
  }
}
