package io.datafs.daemon;

/**
 * A mount the daemon restores after a restart: the directory and the exact version (by number and id, so a
 * restored mount shows the same bytes even if the dataset moved on).
 */
public record MountRecord(String dir, String dataset, long version, String versionId) {
  public String label() {
    return dataset + "@v" + version;
  }
}
