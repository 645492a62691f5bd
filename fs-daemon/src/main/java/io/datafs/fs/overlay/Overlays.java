package io.datafs.fs.overlay;

import io.datafs.core.repo.Repository;
import io.datafs.core.version.Version;
import io.datafs.fs.ChunkCache;
import java.nio.file.Path;

/**
 * The staging overlays of a store home, one per writable mount directory, kept under {@code overlays/} and in
 * the store's index so they outlive unmounts and daemon restarts.
 */
public final class Overlays {
  private final Repository repo;
  private final ChunkCache cache;
  private final CommitSteps steps;

  public Overlays(Repository repo, ChunkCache cache, CommitSteps steps) {
    this.repo = repo;
    this.cache = cache;
    this.steps = steps;
  }

  /**
   * The overlay staged for mount directory {@code dir}: an existing one with staged changes resumes on its own base
   * version (of the same dataset, else InvalidInputException); otherwise a fresh one on {@code base}.
   */
  public OverlayFileSystem open(Path dir, Version base) {
    throw new UnsupportedOperationException("in progress");
  }
}
