package io.datafs.daemon;

import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;

/**
 * A mount the daemon restores after a restart: the directory and the exact version (by number and id, so a
 * restored mount shows the same bytes even if the dataset moved on). A writable mount's version is the base of its
 * staging overlay, moved on by each commit; {@code committing} is set while a commit of it runs, so a daemon that
 * died in the middle of one knows the overlay may already sit on a version this record does not name yet. A {@code
 * mounts.json} written before writable mounts existed has neither field and loads as read-only. A writable mount
 * made from a remote names it ({@code remoteUrl}, {@code remoteEndpoint}; null otherwise): its commits are published
 * there too.
 */
public record MountRecord(String dir, String dataset, long version, String versionId, boolean writable,
                          boolean committing, String remoteUrl, String remoteEndpoint) {
  public MountRecord(String dir, String dataset, long version, String versionId, boolean writable, boolean committing) {
    this(dir, dataset, version, versionId, writable, committing, null, null);
  }

  /** The remote commits of this mount are published to, or null. */
  public RemoteRef remote() {
    if (remoteUrl == null) return null;
    return new RemoteRef(RemoteUrl.parse(remoteUrl), RemoteOptions.parseEndpoint(remoteEndpoint));
  }

  MountRecord withRemote(RemoteRef ref) {
    return ref == null ? this : new MountRecord(dir, dataset, version, versionId, writable, committing,
        ref.url().toString(), ref.endpoint() == null ? null : ref.endpoint().toString());
  }

  public String label() {
    return dataset + "@v" + version;
  }

  /** The same mount on another version of its dataset (after a commit). */
  MountRecord onVersion(long number, String id) {
    return new MountRecord(dir, dataset, number, id, writable, committing, remoteUrl, remoteEndpoint);
  }

  MountRecord committing(boolean now) {
    return new MountRecord(dir, dataset, version, versionId, writable, now, remoteUrl, remoteEndpoint);
  }
}
