package io.datafs.fs.overlay;

import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.version.Version;
import io.datafs.fs.fuse.WritableFs;
import java.util.List;

/** A version with a staging overlay on top: what a writable mount serves. (Being written.) */
public abstract class OverlayFileSystem implements WritableFs, AutoCloseable {
  /** The version the staged changes apply to; after a commit, the new version. */
  public abstract Version base();

  /** What differs from the base, in tree order. */
  public abstract List<StagedChange> status();

  /** Drops the staged changes at or below {@code paths} (all when empty); returns how many were dropped. */
  public abstract int discard(List<String> paths);

  /**
   * Publishes base + staged changes as the next version and moves the mount onto it with whatever was written
   * meanwhile still staged. Nothing staged: InvalidInputException unless {@code allowEmpty}.
   */
  public abstract ImportResult commit(ImportOptions options, boolean allowEmpty);

  @Override
  public abstract void close();
}
