package io.datafs.fs.fuse;

import static io.datafs.fs.fuse.MountTable.canonical;
import static io.datafs.fs.fuse.MountTable.fusermount;
import static io.datafs.fs.fuse.MountTable.isRoot;
import static io.datafs.fs.fuse.MountTable.lazyUnmountCommand;
import static io.datafs.fs.fuse.MountTable.mountTargets;
import static io.datafs.fs.fuse.MountTable.onPath;
import static io.datafs.fs.fuse.MountTable.run;

import io.datafs.fs.fuse.MountTable.CommandResult;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@link ReadOnlyFs} mounted at one directory through libfuse 2 (jnr-fuse): read-only, or writable when it
 * is a {@link WritableFs}.
 *
 * <p>libfuse's multithreaded loop runs, blocking, on a dedicated daemon thread. {@link #mount}
 * returns only once the kernel's INIT has reached the adapter (never after a guessed sleep), and
 * leaves nothing mounted when it fails. {@link #unmount} detaches the mount (lazily when files are
 * still open there: their readers keep reading until they close them, served by the loop, which
 * ends after the last close).
 *
 * <p>Mount options: {@code max_readahead=4194304} so the kernel keeps several reads of a file in flight
 * for the session loop's workers; {@code ro}; {@code kernel_cache} and day-long entry/attr/negative timeouts,
 * because a version never changes; {@code use_ino}; {@code max_read=131072}; {@code
 * fsname=<fsName>,subtype=datafs} (shown as {@code fuse.datafs} by df and mount);
 * {@code default_permissions}, so the kernel enforces the modes getattr reports; and, only when
 * running as root, {@code allow_other}, so that any local user may read what those modes allow
 * (a non-root daemon would need {@code user_allow_other} in /etc/fuse.conf for it, so without
 * root only the daemon's user sees the files).
 *
 * <p>A {@link WritableFs} is mounted with other options ({@link #writableOptions}): no {@code ro}; no {@code
 * kernel_cache} and entry/attr/negative timeouts of 0, because what the mount shows can change behind the kernel's
 * back ({@code datafs discard} drops changes, a commit moves the mount to a new version), so the kernel must ask
 * every time and drop a file's cached pages when it is opened again; no {@code hard_remove}, so libfuse renames a
 * file unlinked while open to a {@code .fuse_hidden*} name and can still ask for its attributes by that path
 * (fstat, which the kernel sends by inode: with {@code hard_remove} libfuse itself answers ENOENT), the filesystem
 * taking that rename as the unlink (see {@code OpenFiles.HIDDEN}); {@code big_writes} and {@code
 * max_write=131072}, so writes arrive 128 KiB at a time rather than 4 KiB; and, as read-only, {@code use_ino},
 * {@code default_permissions} (the kernel checks the modes getattr reports, for writes too), {@code allow_other}
 * when root, {@code max_read=131072} and {@code max_readahead=4194304}.
 */
public final class FuseMount implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FuseMount.class.getName());
  private static final Path DEV_FUSE = Path.of("/dev/fuse");
  /** How long unmount waits for the loop to end when the unmount had to be lazy (files open). */
  private static final Duration LAZY_WAIT = Duration.ofMillis(500);
  private static final Duration LOOP_WAIT = Duration.ofSeconds(20);
  private static final Set<FuseMount> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(FuseMount::detachAllAtExit, "datafs-fuse-unmount-at-exit"));
  }

  private final Path mountPoint;
  private final Thread loop;
  private final CompletableFuture<Integer> loopEnded;
  private final MountCounters counters;
  private boolean unmounted; // guarded by this

  private FuseMount(Path mountPoint, Thread loop, CompletableFuture<Integer> loopEnded, MountCounters counters) {
    this.mountPoint = mountPoint;
    this.loop = loop;
    this.loopEnded = loopEnded;
    this.counters = counters;
  }

  /**
   * Mounts {@code fs} at {@code mountPoint}, an existing empty directory that is not a mount point,
   * and returns once the kernel talks to it: writable when {@code fs} is a {@link WritableFs}, else read-only.
   *
   * @param fsName shown as the mount's source by df and mount (characters other than letters,
   *     digits and {@code ._:@+/-} become '_')
   * @param timeout how long to wait for the kernel's INIT; on expiry nothing is left mounted
   * @throws FuseMountException with a one-line reason; nothing is mounted then
   */
  public static FuseMount mount(ReadOnlyFs fs, Path mountPoint, String fsName, Duration timeout) {
    return mount(fs, mountPoint, fsName, timeout, "");
  }

  /** {@link #mount} with extra libfuse options appended (",opt=value..."): for tests. */
  static FuseMount mount(ReadOnlyFs fs, Path mountPoint, String fsName, Duration timeout, String extraOptions) {
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(fsName, "fsName");
    Objects.requireNonNull(timeout, "timeout");
    checkFuseAvailable();
    Path mp = checkMountPoint(mountPoint);
    FuseAdapter adapter = newAdapter(fs, fsName + " at " + mp);
    String options = fs instanceof WritableFs ? writableOptions(fsName, isRoot()) : options(fsName, isRoot());
    String[] argv = {"datafs", "-f", mp.toString(), "-o", options + extraOptions};
    CompletableFuture<Integer> ended = new CompletableFuture<>();
    Thread loop = new Thread(() -> {
      try {
        ended.complete(adapter.runLoop(argv));
      } catch (Throwable t) {
        ended.completeExceptionally(t);
      }
    }, "datafs-fuse-loop " + mp);
    loop.setDaemon(true);
    loop.start();

    String failure;
    try {
      CompletableFuture.anyOf(adapter.initialized(), ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (adapter.initialized().isDone()) {
        FuseMount m = new FuseMount(mp, loop, ended, adapter.counters());
        LIVE.add(m);
        ended.whenComplete((status, error) -> LIVE.remove(m)); // unmounted from outside: not ours at exit
        return m;
      }
      failure = "libfuse stopped with status " + ended.join()
          + " before serving (its reason is on the daemon's stderr)";
    } catch (TimeoutException e) {
      failure = "the kernel did not start talking to it within " + timeout.toMillis() + " ms";
    } catch (ExecutionException e) {
      failure = "libfuse failed: " + e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted while waiting for it to start";
    }
    cleanUpFailedMount(mp, loop);
    throw new FuseMountException("cannot mount at " + mp + ": " + failure);
  }

  /** The absolute, symlink-free directory this is mounted at. */
  public Path mountPoint() {
    return mountPoint;
  }

  /** What the kernel asked of this mount so far. */
  public MountCounters counters() {
    return counters;
  }

  /** True while libfuse's loop runs: mounted, or detached with files still open. */
  public boolean isServing() {
    return !loopEnded.isDone();
  }

  /**
   * Completes when libfuse's loop has ended: after {@link #unmount}, once the last file open on
   * the mount is closed. Close the {@link ReadOnlyFs} only then.
   */
  public CompletionStage<Void> terminated() {
    return loopEnded.handle((status, error) -> (Void) null).minimalCompletionStage();
  }

  /** Waits up to {@code timeout} for the loop to end; true when it has. */
  public boolean awaitTerminated(Duration timeout) {
    try {
      loop.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !loop.isAlive();
  }

  /**
   * Detaches the mount and waits for libfuse's loop to end. When files are still open on it the
   * detach is lazy: the mount point is free at once, the open files stay readable until closed,
   * and the loop ends after the last close (see {@link #terminated}). Idempotent.
   *
   * @throws FuseMountException when the mount could not be detached at all
   */
  public synchronized void unmount() {
    if (unmounted) return;
    unmounted = true;
    try {
      boolean lazy = false;
      if (!loopEnded.isDone() && isMounted(mountPoint)) {
        CommandResult plain = run(
            isRoot() ? List.of("umount", mountPoint.toString()) : fusermount("-u", mountPoint.toString()));
        if (plain.status() != 0 && isMounted(mountPoint)) {
          lazy = true;
          CommandResult detached = run(lazyUnmountCommand(mountPoint));
          if (isMounted(mountPoint)) {
            throw new FuseMountException("cannot unmount " + mountPoint + ": " + detached.output());
          }
        }
      }
      if (!awaitTerminated(lazy ? LAZY_WAIT : LOOP_WAIT)) {
        LOG.log(System.Logger.Level.INFO, lazy
            ? mountPoint + " is detached; files still open there are served until they are closed"
            : "the FUSE loop for " + mountPoint + " did not end within " + LOOP_WAIT.toSeconds() + " s of unmounting");
      }
    } finally {
      LIVE.remove(this);
    }
  }

  @Override
  public void close() {
    unmount();
  }

  /**
   * Removes whatever is mounted at {@code mountPoint}, lazily: for the dead mount a killed daemon
   * leaves behind ("Transport endpoint is not connected"). Does nothing when nothing is mounted.
   *
   * @throws FuseMountException when something stays mounted there
   */
  public static void forceUnmount(Path mountPoint) {
    Path mp = canonical(mountPoint);
    if (!isMounted(mp)) return;
    CommandResult r = run(lazyUnmountCommand(mp));
    if (isMounted(mp)) throw new FuseMountException("cannot unmount " + mp + ": " + r.output());
  }

  /** Whether something is mounted exactly at {@code path}, per /proc/self/mountinfo. */
  public static boolean isMounted(Path path) {
    String mp = canonical(path).toString();
    for (String target : mountTargets()) if (target.equals(mp)) return true;
    return false;
  }

  // ---- checks before mounting ----

  private static void checkFuseAvailable() {
    if (!Files.exists(DEV_FUSE)) {
      throw new FuseMountException("/dev/fuse is missing: load the fuse module (modprobe fuse)");
    }
    if (!isRoot() && !onPath("fusermount") && !onPath("fusermount3")) {
      throw new FuseMountException("fusermount is missing: apt-get install fuse3");
    }
  }

  private static Path checkMountPoint(Path mountPoint) {
    Path mp = canonical(mountPoint);
    if (isMounted(mp)) {
      throw new FuseMountException("mount point " + mp
          + " is already a mount point (a stale one is removed by forceUnmount)");
    }
    if (!Files.exists(mp)) throw new FuseMountException("mount point " + mp + " does not exist");
    if (!Files.isDirectory(mp)) throw new FuseMountException("mount point " + mp + " is not a directory");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(mp)) {
      if (entries.iterator().hasNext()) throw new FuseMountException("mount point " + mp + " is not empty");
    } catch (IOException e) {
      throw new FuseMountException("cannot read mount point " + mp + ": " + e.getMessage(), e);
    }
    return mp;
  }

  private static FuseAdapter newAdapter(ReadOnlyFs fs, String fsName) {
    try {
      return new FuseAdapter(fs, fsName);
    } catch (LinkageError | RuntimeException e) {
      throw new FuseMountException("libfuse 2 cannot be loaded (apt-get install libfuse2): " + e.getMessage(), e);
    }
  }

  /** The options of a read-only mount. */
  static String options(String fsName, boolean root) {
    return "ro,kernel_cache,entry_timeout=86400,attr_timeout=86400,negative_timeout=86400,use_ino"
        + ",default_permissions" + (root ? ",allow_other" : "")
        + ",fsname=" + safeFsName(fsName)
        + ",subtype=datafs,max_read=131072,max_readahead=4194304";
  }

  /** The options of a writable mount (see the class comment for why each). */
  static String writableOptions(String fsName, boolean root) {
    return "entry_timeout=0,attr_timeout=0,negative_timeout=0,use_ino,big_writes,max_write=131072"
        + ",default_permissions" + (root ? ",allow_other" : "")
        + ",fsname=" + safeFsName(fsName)
        + ",subtype=datafs,max_read=131072,max_readahead=4194304";
  }

  private static String safeFsName(String fsName) {
    return fsName.replaceAll("[^A-Za-z0-9._:@+/-]", "_");
  }

  /**
   * Nothing may stay mounted after a failed mount. The loop may still be on its way to mounting
   * (a timeout), so detach whatever is at the mount point until the loop thread has ended.
   */
  private static void cleanUpFailedMount(Path mp, Thread loop) {
    long deadline = System.nanoTime() + LOOP_WAIT.toNanos();
    RuntimeException last = null;
    do {
      try {
        forceUnmount(mp);
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        loop.join(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (loop.isAlive() && System.nanoTime() < deadline);
    if (loop.isAlive()) {
      LOG.log(System.Logger.Level.WARNING, "the FUSE loop for the failed mount at " + mp + " is still running"
          + (last == null ? "" : ": " + last.getMessage()));
    }
  }

  private static void detachAllAtExit() {
    for (FuseMount m : LIVE) {
      try {
        forceUnmount(m.mountPoint);
      } catch (RuntimeException e) {
        // the process is ending; nothing more to do
      }
    }
  }
}
