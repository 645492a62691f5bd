package io.datafs.fs.overlay;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Version;
import io.datafs.fs.ChunkCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The staging overlays of a store home, one per writable mount directory: its nodes in the store's index, its
 * data files under {@code overlays/<id>/data/}, where the id is a hash of the mount directory. They outlive
 * unmounts and daemon restarts, so remounting the directory resumes what was staged there.
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
   * version (of the same dataset, else InvalidInputException), and so does an empty one whose base is newer than
   * {@code base} (a daemon killed between a commit and recording it); otherwise a fresh one on {@code base}.
   */
  public OverlayFileSystem open(Path dir, Version base) {
    String key = dir.toAbsolutePath().normalize().toString();
    String id = ObjectId.hash(key.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
    OverlayRows rows = new OverlayRows(repo.index(), id);
    OverlayRows.Meta meta = rows.meta();
    Delta delta = rows.load();
    Version v = base;
    boolean sameDataset = meta != null && meta.dataset().equals(base.record().dataset());
    if (meta != null && (!delta.isEmpty() || (sameDataset && meta.baseNumber() > base.record().number()))) {
      if (!sameDataset) {
        throw new InvalidInputException(key + " has staged changes to " + meta.dataset() + "@v" + meta.baseNumber()
            + ": mount " + meta.dataset() + " there with --writable to commit or discard them");
      }
      v = repo.resolve(meta.dataset() + "@v" + meta.baseNumber());
      if (!v.id().hex().equals(meta.baseId())) {
        throw new DatafsException("the staged changes in " + key + " apply to a version that is gone: " + v.label());
      }
    }
    DataFiles data = new DataFiles(repo.layout().overlays().resolve(id).resolve("data"));
    for (String name : data.names()) {
      if (!delta.usesData(name)) data.delete(name); // left by a copy or a commit a crash cut short
    }
    Staging staging = new Staging(repo, cache, steps, rows, data, key, v, delta);
    KvBatch b = new KvBatch();
    if (sameDataset) staging.inodes.restore(rows.loadKept());
    else rows.clearKept(b); // another dataset is mounted here now: what its inodes kept does not apply
    rows.putMeta(b, staging.meta(v));
    rows.write(b.sync());
    return new OverlayFileSystem(staging, owner("unix:uid"), owner("unix:gid"));
  }

  private static long owner(String attribute) {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), attribute)).longValue();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
