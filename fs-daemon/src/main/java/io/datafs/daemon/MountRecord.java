package io.datafs.daemon;

/**
 * A mount the daemon restores after a restart: the directory and the exact version (by number and id, so a
 * restored mount shows the same bytes even if the dataset moved on). A writable mount's version is the base of its
 * staging overlay, moved on by each commit; {@code committing} is set while a commit of it runs, so a daemon that
 * died in the middle of one knows the overlay may already sit on a version this record does not name yet. A {@code
 * mounts.json} written before writable mounts existed has neither field and loads as read-only.
 */
public record MountRecord(String dir, String dataset, long version, String versionId, boolean writable, boolean committing) {
  public String label() {
    return dataset + "@v" + version;
  }

  /** The same mount on another version of its dataset (after a commit). */
  MountRecord onVersion(long number, String id) {
    return new MountRecord(dir, dataset, number, id, writable, committing);
  }

  MountRecord committing(boolean now) {
    return new MountRecord(dir, dataset, version, versionId, writable, now);
  }
}
