package io.datafs.core.store;

import java.nio.file.Path;

/** Where a local store keeps things under its home ({@code $DATAFS_HOME}, default {@code ~/.datafs}). */
public record StoreLayout(Path home) {
  public StoreLayout {
    home = home.toAbsolutePath().normalize();
  }

  /** RocksDB: the local index. */
  public Path db() {
    return home.resolve("db");
  }

  /** Authoritative local objects, in immutable packs named by their hash. */
  public Path packs() {
    return home.resolve("packs");
  }

  /** Staging overlays of writable mounts: the content of staged files. */
  public Path overlays() {
    return home.resolve("overlays");
  }

  /** Evictable copies of remote objects: chunks read through lazy mounts, pack indexes of remotes. */
  public Path cache() {
    return home.resolve("cache");
  }

  /** Indexes of remotes' packs, each named by its pack's id; saved through a temporary file named ".tmp-...". */
  public Path remoteIndexes() {
    return cache().resolve("index");
  }

  /** How temporary files in the store's own folders start (dot files: never taken for what they will become). */
  public static final String TEMPORARY_PREFIX = ".tmp-";

  public Path config() {
    return home.resolve("config.json");
  }

  /** Held while {@code config.json} is updated. */
  public Path configLock() {
    return home.resolve("config.json.lock");
  }

  /**
   * Version records and tags as files, outside the index ({@link LocalRecords}): what {@code verify --repair}
   * rebuilds the index's versions, heads and tags from.
   */
  public Path records() {
    return home.resolve("records");
  }
}
