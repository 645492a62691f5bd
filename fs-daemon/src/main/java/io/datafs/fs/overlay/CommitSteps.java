package io.datafs.fs.overlay;

/**
 * Named points of a commit, for crash tests: {@code DATAFS_KILL_AT=<step>} in the daemon's environment makes it
 * kill itself with SIGKILL when a commit reaches that step.
 */
public interface CommitSteps {
  CommitSteps NONE = step -> {};

  void reached(String step);
}
