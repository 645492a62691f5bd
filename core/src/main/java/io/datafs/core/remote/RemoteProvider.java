package io.datafs.core.remote;

/**
 * Opens remotes of one URL scheme. Modules that bring an SDK (remote-s3, remote-azure) register one in
 * {@code META-INF/services/io.datafs.core.remote.RemoteProvider}, so that core never depends on them.
 */
public interface RemoteProvider {
  /** The scheme this provider opens: "s3", "az", "file". */
  String scheme();

  /** Opens the remote; nothing is checked against the store until the first operation. */
  Remote open(RemoteUrl url, RemoteOptions options);

  /**
   * Loads and sets up, off the critical path, what a first {@link #open} and request will need (an SDK's client
   * classes are most of a fresh daemon's first mount from a remote): a starting daemon calls it on a thread of its own
   * for the schemes of its configured remotes. It reaches no host but a loopback server of its own
   * ({@link WarmUpServer}) and fails silently.
   */
  default void warmUp() {}
}
