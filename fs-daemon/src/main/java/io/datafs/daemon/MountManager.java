package io.datafs.daemon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Version;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.DatasetFileSystem;
import io.datafs.fs.fuse.FuseMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's mounts: each a {@link DatasetFileSystem} over one version behind a {@link FuseMount}. What is
 * mounted is recorded in {@code mounts.json} (written temp-then-rename), so a restarted daemon first clears
 * mounts a killed one left dead, then mounts them again.
 */
public final class MountManager implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("datafs.daemon");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);

  private record Active(MountRecord record, DatasetFileSystem fs, FuseMount mount) {}

  private final Repository repo;
  private final ChunkCache cache;
  private final Path recordFile;
  private final Map<Path, Active> active = new LinkedHashMap<>();

  MountManager(Repository repo, ChunkCache cache, Path recordFile) {
    this.repo = repo;
    this.cache = cache;
    this.recordFile = recordFile;
  }

  /** Mounts {@code v} read-only at {@code dir}; the directory must exist, be empty and not be mounted. */
  public synchronized MountRecord mount(Version v, Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    if (active.containsKey(key)) throw new InvalidInputException("already mounted: " + key + " (" + active.get(key).record().label() + ")");
    MountRecord record = new MountRecord(key.toString(), v.record().dataset(), v.record().number(), v.id().hex());
    start(record, v);
    save();
    return record;
  }

  public synchronized MountRecord unmount(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    Active a = active.remove(key);
    if (a == null) throw new InvalidInputException("not mounted by datafs: " + key);
    stop(a);
    save();
    return a.record();
  }

  public synchronized List<MountRecord> list() {
    return active.values().stream().map(Active::record).toList();
  }

  public synchronized int count() {
    return active.size();
  }

  /** After a restart: clears dead mounts left by a killed daemon, then mounts every recorded one again. */
  synchronized void restore() {
    for (MountRecord r : load()) {
      Path dir = Path.of(r.dir());
      FuseMount.forceUnmount(dir);
      try {
        Version v = repo.resolve(r.dataset() + "@v" + r.version());
        if (!v.id().hex().equals(r.versionId())) throw new DatafsException("version id changed");
        start(r, v);
        LOG.log(System.Logger.Level.INFO, "restored " + r.label() + " at " + dir);
      } catch (DatafsException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot restore " + r.label() + " at " + dir + ": " + e.getMessage());
      }
    }
    save();
  }

  private void start(MountRecord r, Version v) {
    DatasetFileSystem fs = new DatasetFileSystem(repo.reader(v), cache);
    try {
      FuseMount m = FuseMount.mount(fs, Path.of(r.dir()), "datafs:" + r.label(), MOUNT_TIMEOUT);
      active.put(Path.of(r.dir()), new Active(r, fs, m));
    } catch (RuntimeException e) {
      fs.close();
      throw e;
    }
  }

  /**
   * Unmounts; a busy mount is detached lazily and goes on serving the files still open, so its filesystem is
   * closed only when the FUSE loop has ended.
   */
  private static void stop(Active a) {
    try {
      a.mount().close();
    } finally {
      a.mount().terminated().whenComplete((done, failure) -> a.fs().close());
    }
  }

  private List<MountRecord> load() {
    if (!Files.exists(recordFile)) return List.of();
    try {
      return JSON.readValue(recordFile.toFile(), new TypeReference<List<MountRecord>>() {});
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring unreadable " + recordFile + ": " + e.getMessage());
      return List.of();
    }
  }

  private void save() {
    Path tmp = recordFile.resolveSibling(recordFile.getFileName() + ".tmp");
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new ArrayList<>(list()));
      Files.move(tmp, recordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreIoException("cannot record mounts in " + recordFile, e);
    }
  }

  /** Unmounts everything; the records stay, so the next daemon mounts them again. */
  @Override
  public synchronized void close() {
    for (Active a : active.values()) {
      try {
        stop(a);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "unmounting " + a.record().dir() + ": " + e.getMessage());
      }
    }
    active.clear();
  }
}
