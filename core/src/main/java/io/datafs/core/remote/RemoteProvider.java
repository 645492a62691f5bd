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
}
