package io.datafs.daemon;

import io.datafs.core.annotate.ObjectWalker;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteTarget;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.DatasetFileSystem;
import io.datafs.fs.fuse.FuseMount;
import io.datafs.fs.fuse.ReadOnlyFs;
import io.datafs.fs.overlay.OverlayFileSystem;
import io.datafs.fs.overlay.Overlays;
import io.datafs.fs.overlay.StagedChange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's mounts: a read-only one is a {@link DatasetFileSystem} over one version, a writable one an {@link
 * OverlayFileSystem} (a version with a staging overlay, from {@link Overlays}), each behind a {@link FuseMount}.
 * What is mounted is recorded ({@link MountRecords}: a file per mount, forgotten by an unlink), so a restarted daemon
 * first clears mounts a killed one left dead, then mounts them again, writable ones on their overlay.
 *
 * <p>A commit runs outside this manager's lock (other mounts go on meanwhile) but under its mount's own lock, which
 * closing that mount's filesystem also takes, so a filesystem is never closed under a commit. Unmounting a writable
 * mount keeps its overlay: mounting the same directory writable again resumes it.
 */
public final class MountManager implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("datafs.daemon");
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);

  /** One mount being served. Its record changes when a commit moves a writable mount to a new version. */
  private static final class Active {
    private volatile MountRecord record;
    private final ReadOnlyFs fs;
    private final FuseMount mount;
    /** Held by a commit and by closing {@link #fs}; never while taking the manager's lock. */
    private final Object commitLock = new Object();
    /** Commits asked for and not finished yet (a second one waits, then the overlay refuses or runs it). */
    private final AtomicInteger commits = new AtomicInteger();
    private boolean fsClosed; // guarded by commitLock

    Active(MountRecord record, ReadOnlyFs fs, FuseMount mount) {
      this.record = record;
      this.fs = fs;
      this.mount = mount;
    }

    OverlayFileSystem overlay() {
      return (OverlayFileSystem) fs;
    }
  }

  private final Repository repo;
  private final ChunkCache cache;
  private final Overlays overlays;
  private final MountRecords records;
  private final Map<Path, Active> active = new LinkedHashMap<>();
  private boolean closed; // guarded by this

  MountManager(Repository repo, ChunkCache cache, Overlays overlays, MountRecords records) {
    this.repo = repo;
    this.cache = cache;
    this.overlays = overlays;
    this.records = records;
  }

  /** Mounts {@code v} read-only at {@code dir}; the directory must exist, be empty and not be mounted. */
  public synchronized MountRecord mount(Version v, Path dir) {
    Path key = checkFree(dir);
    MountRecord record = new MountRecord(key.toString(), v.record().dataset(), v.record().number(), v.id().hex(),
        false, false);
    start(record, new DatasetFileSystem(repo.reader(v), cache));
    records.save(record);
    return record;
  }

  /**
   * Mounts {@code base} at {@code dir} with a staging overlay on top ({@link Overlays#open}): the overlay staged
   * for that directory earlier, if it has changes, resumes on its own base version, which the returned record names.
   */
  public synchronized MountRecord mountWritable(Version base, Path dir) {
    return mountWritable(base, dir, null);
  }

  /** {@link #mountWritable(Version, Path)} whose commits are published to {@code remote} too (null: only here). */
  public synchronized MountRecord mountWritable(Version base, Path dir, RemoteRef remote) {
    Path key = checkFree(dir);
    OverlayFileSystem fs = overlays.open(key, base);
    Version b = fs.base();
    MountRecord record = new MountRecord(key.toString(), b.record().dataset(), b.record().number(), b.id().hex(),
        true, false)
        .withRemote(remote);
    start(record, fs);
    records.save(record);
    return record;
  }

  /** Unmounts {@code dir} and forgets it; a writable mount's staged changes stay for the next writable mount there. */
  public synchronized MountRecord unmount(Path dir) {
    Path key = key(dir);
    Active a = active.remove(key);
    if (a == null) throw new InvalidInputException("not mounted by datafs: " + key);
    stop(a);
    records.forget(a.record.dir());
    return a.record;
  }

  public synchronized List<MountRecord> list() {
    return active.values().stream().map(a -> a.record).toList();
  }

  /** What each mount served so far; a writable one's staged bytes are summed outside the manager's lock. */
  public List<DaemonStats.Mount> stats() {
    List<Active> now;
    synchronized (this) {
      now = List.copyOf(active.values());
    }
    return now.stream().map(a -> new DaemonStats.Mount(a.record.dir(), a.record.label(), a.record.writable(),
        DaemonStats.Fuse.of(a.mount.counters()), a.fs instanceof OverlayFileSystem o ? o.stagedBytes() : 0)).toList();
  }

  public synchronized int count() {
    return active.size();
  }

  /**
   * The writable mount whose directory is {@code dirOrInside} or one of its ancestors.
   *
   * @throws InvalidInputException when there is none, or when that mount is read-only
   */
  public MountRecord overlayAt(Path dirOrInside) {
    return writableAt(dirOrInside, "commit").record;
  }

  /**
   * {@code path} (absolute, at or inside a writable mount) relative to that mount's root: "/"-separated, no leading
   * slash, "" for the root itself; what {@link #discard} takes.
   */
  public String pathInMount(Path path) {
    return find(path, "discard").root().relativize(key(path)).toString();
  }

  /** What the writable mount at or above {@code dirOrInside} has staged against its base, in tree order. */
  public List<StagedChange> status(Path dirOrInside) {
    return writableAt(dirOrInside, "status").overlay().status();
  }

  /**
   * Drops what the writable mount at or above {@code dirOrInside} has staged at or below {@code paths} (relative
   * to the mount's root, "/"-separated; all when empty); returns how many changes were dropped.
   */
  public int discard(Path dirOrInside, List<String> paths) {
    return writableAt(dirOrInside, "discard").overlay().discard(paths);
  }

  /**
   * Stages stored file entries in the writable mount at or above {@code dirOrInside}, metadata only: each at its path
   * (relative to the mount's root, "/"-separated), replacing a file there, with missing directories made; all or,
   * with an InvalidInputException naming the path, none ({@link OverlayFileSystem#addStored}). Returns the count.
   */
  public int addStored(Path dirOrInside, SortedMap<String, TreeEntry> files) {
    return writableAt(dirOrInside, "add").overlay().addStored(files);
  }

  /** The stored view of the writable mount at or above {@code dirOrInside}, for {@code datafs del} to select from. */
  public ObjectWalker.Listing storedView(Path dirOrInside) {
    return writableAt(dirOrInside, "del").overlay().storedView();
  }

  /**
   * Deletes the files and symlinks at {@code paths} (relative to the mount's root) in the writable mount at or above
   * {@code dirOrInside}; directories and missing paths are skipped. Returns how many were deleted.
   */
  public int removeStaged(Path dirOrInside, Collection<String> paths) {
    return writableAt(dirOrInside, "del").overlay().removeStaged(paths);
  }

  /**
   * Commits the writable mount at or above {@code dirOrInside}: its base plus its staged changes become the
   * dataset's next version, the mount moves onto it, and its record says so.
   */
  public ImportResult commit(Path dirOrInside, ImportOptions options, boolean allowEmpty) {
    return commit(dirOrInside, options, allowEmpty, null);
  }

  /** {@link #commit(Path, ImportOptions, boolean)}, publishing to {@code remote} too (null: only here). */
  public ImportResult commit(Path dirOrInside, ImportOptions options, boolean allowEmpty, RemoteTarget remote) {
    Active a = writableAt(dirOrInside, "commit");
    commitStarts(a);
    ImportResult result = null;
    try {
      synchronized (a.commitLock) {
        if (a.fsClosed) throw new InvalidInputException(a.record.dir()
            + " was unmounted: mount it again with --writable to commit");
        result = a.overlay().commit(options, allowEmpty, remote);
      }
    } finally {
      commitEnds(a, result == null ? null : result.version());
    }
    return result;
  }

  /**
   * After a restart: clears dead mounts left by a killed daemon, then mounts every recorded one again; a mount that
   * cannot be mounted again is logged and forgotten.
   */
  synchronized void restore() {
    for (MountRecord r : records.load()) {
      Path dir = Path.of(r.dir());
      FuseMount.forceUnmount(dir);
      try {
        Version v = repo.resolve(r.dataset() + "@v" + r.version());
        if (!v.id().hex().equals(r.versionId())) throw new DatafsException("version id changed");
        if (r.writable()) {
          // A commit this daemon died in may have published the next version and moved the overlay onto it, with
          // nothing staged left: then the overlay belongs on the dataset's latest version, not the recorded one.
          OverlayFileSystem fs = overlays.open(dir, r.committing() ? repo.resolve(r.dataset()) : v);
          Version b = fs.base();
          MountRecord now = r.onVersion(b.record().number(), b.id().hex()).committing(false);
          start(now, fs);
          if (!now.equals(r)) updateRecord(now);
        } else {
          start(r, new DatasetFileSystem(repo.reader(v), cache));
        }
        LOG.log(System.Logger.Level.INFO, "restored " + r.label() + (r.writable() ? " (writable)" : "") + " at " + dir);
      } catch (DatafsException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot restore " + r.label() + " at " + dir + ": " + e.getMessage());
        records.forget(r.dir());
      } catch (RuntimeException e) { // a bug in one mount must not keep the daemon and the other mounts from starting
        LOG.log(System.Logger.Level.ERROR, "cannot restore " + r.label() + " at " + dir, e);
        records.forget(r.dir());
      }
    }
  }

  // ---- internals ----

  /** Records where a restored mount now is; failing that, the old record leads the next restore to the same place. */
  private void updateRecord(MountRecord r) {
    try {
      records.save(r);
    } catch (DatafsException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage());
    }
  }

  private static Path key(Path dir) {
    return dir.toAbsolutePath().normalize();
  }

  private Path checkFree(Path dir) {
    Path key = key(dir);
    if (active.containsKey(key)) throw new InvalidInputException("already mounted: " + key + " ("
        + active.get(key).record.label() + ")");
    return key;
  }

  /** A mount found for a path, and the directory it matched by (as recorded, or as the kernel shows it). */
  private record Found(Active active, Path root) {}

  /**
   * The writable mount at or above {@code dirOrInside}: the deepest mount whose directory, as given at mount time
   * or as the kernel shows it (symlinks resolved, as a shell's working directory is), contains the path.
   */
  private Active writableAt(Path dirOrInside, String what) {
    return find(dirOrInside, what).active();
  }

  private synchronized Found find(Path dirOrInside, String what) {
    Path p = key(dirOrInside);
    Found found = null;
    for (Active a : active.values()) {
      Path dir = Path.of(a.record.dir());
      Path seen = a.mount.mountPoint();
      Path root = p.startsWith(dir) ? dir : p.startsWith(seen) ? seen : null;
      if (root != null
          && (found == null || root.getNameCount() > found.root().getNameCount())) found = new Found(a, root);
    }
    if (found == null) throw new InvalidInputException("not inside a writable datafs mount: " + p);
    MountRecord r = found.active().record;
    if (!r.writable()) {
      throw new InvalidInputException(r.dir() + " is mounted read-only (" + r.label() + "): " + what
          + " needs a mount made with --writable");
    }
    return found;
  }

  /** Records that a commit of {@code a} runs, before it touches anything. */
  private synchronized void commitStarts(Active a) {
    a.commits.incrementAndGet();
    a.record = a.record.committing(true);
    persist(a);
  }

  /** Records that a commit of {@code a} ended, having made {@code v} (null when it failed). */
  private synchronized void commitEnds(Active a, Version v) {
    boolean more = a.commits.decrementAndGet() > 0;
    MountRecord r = v == null ? a.record : a.record.onVersion(v.record().number(), v.id().hex());
    a.record = r.committing(more);
    persist(a);
  }

  /**
   * Writes {@code a}'s record, if it is still mounted, or if the daemon stopped during the commit and its record is
   * still there for the next daemon; one unmounted during the commit stays forgotten.
   */
  private void persist(Active a) {
    if (active.get(Path.of(a.record.dir())) == a || (closed && records.has(a.record.dir()))) records.save(a.record);
  }

  /** Mounts {@code fs} as {@code r} says; closes it when that fails. */
  private void start(MountRecord r, ReadOnlyFs fs) {
    try {
      FuseMount m = FuseMount.mount(fs, Path.of(r.dir()), "datafs:" + r.label(), MOUNT_TIMEOUT);
      Active a = new Active(r, fs, m);
      active.put(Path.of(r.dir()), a);
      // async: the loop's thread completes this, and an unmount holding this lock may be waiting for that thread
      m.terminated().thenRunAsync(() -> forgetUnmountedOutside(a));
    } catch (RuntimeException e) {
      closeFs(fs);
      throw e;
    }
  }

  /**
   * The kernel unmounted {@code a} without datafs ({@code umount DIR}, as for an fstab line): forget it as {@code
   * datafs umount} would, so the directory can be mounted again and the next daemon does not mount it back.
   */
  private synchronized void forgetUnmountedOutside(Active a) {
    if (closed || active.get(Path.of(a.record.dir())) != a) return; // datafs itself unmounted it
    active.remove(Path.of(a.record.dir()));
    records.forget(a.record.dir());
    stop(a);
    LOG.log(System.Logger.Level.INFO, a.record.label() + " at " + a.record.dir() + " was unmounted outside datafs");
  }

  /**
   * Unmounts; a busy mount is detached lazily and goes on serving the files still open, so its filesystem is
   * closed only when the FUSE loop has ended (and no commit runs on it).
   */
  private static void stop(Active a) {
    try {
      a.mount.close();
    } finally {
      a.mount.terminated().whenComplete((done, failure) -> {
        synchronized (a.commitLock) {
          a.fsClosed = true;
          closeFs(a.fs);
        }
      });
    }
  }

  private static void closeFs(ReadOnlyFs fs) {
    if (fs instanceof DatasetFileSystem d) d.close();
    else if (fs instanceof OverlayFileSystem o) o.close();
  }

  /** Unmounts everything; the records stay, so the next daemon mounts them again (writable ones on their overlay). */
  @Override
  public synchronized void close() {
    closed = true;
    for (Active a : active.values()) {
      try {
        stop(a);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "unmounting " + a.record.dir() + ": " + e.getMessage());
      }
    }
    active.clear();
  }
}
