package io.datafs.daemon;

import io.datafs.core.cache.ChunkDiskCache;
import io.datafs.core.cache.RemoteChunks;
import io.datafs.core.lazy.LazyPages;
import io.datafs.core.config.CacheConfig;
import io.datafs.core.config.MetricsConfig;
import io.datafs.core.error.DatafsException;
import io.datafs.core.gc.GcSteps;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.Remotes;
import io.datafs.core.repo.Repository;
import io.datafs.core.store.HomeCheck;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.overlay.Overlays;
import io.datafs.metadata.RocksKvStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One per store home: the only process that opens its RocksDB. It serves every datafs command of that home
 * over the control socket and owns the mounts and the reader of remote chunks. Resources close in reverse order of
 * opening: control socket, mounts, remote chunks, repository. For crash tests, {@code DATAFS_KILL_AT=<step>} in its
 * environment makes it SIGKILL itself when a commit or a GC reaches that step ({@link KillSwitch}).
 */
public final class Daemon implements AutoCloseable {
  /** Decoded chunks shared by all mounts. */
  private static final long CHUNK_CACHE_BYTES = 256L << 20;
  private static final System.Logger LOG = System.getLogger("datafs.daemon");

  private final DaemonPaths paths;
  private final Repository repo;
  private final RemoteChunks remoteChunks;
  /** Where the pages of versions read lazily come from (lazy mounts). */
  private final LazyPages lazyPages;
  private final CachePins cachePins;
  /** The environment a command opened each remote with (its credentials), for the lazy reads that follow. */
  private final Map<RemoteRef, Map<String, String>> remoteEnv = new ConcurrentHashMap<>();
  private final ChunkCache chunkCache;
  private final MountManager mounts;
  private final ControlServer control;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean mountsRestored; // guarded by this
  private MetricsServer metrics; // null: not configured, or its address could not be bound
  private final ScheduledExecutorService idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "datafs-idle");
    t.setDaemon(true);
    return t;
  });

  /** What the daemon runs for each request; given the daemon so commands reach its repository and mounts. */
  public interface Commands {
    int run(Daemon daemon, Request request, java.io.OutputStream out, java.io.OutputStream err);
  }

  private Daemon(DaemonPaths paths, Repository repo, Commands commands) {
    this.paths = paths;
    this.repo = repo;
    this.remoteChunks = new RemoteChunks(new ChunkDiskCache(repo.layout().cache(), cacheConfig(repo.layout().config())),
        this::openRemote);
    repo.setChunkSource(remoteChunks);
    this.lazyPages = repo.sync().readTreesLazily(this::openRemote);
    this.cachePins = new CachePins(paths.cachePins(), repo, remoteChunks.cache());
    this.chunkCache = new ChunkCache(CHUNK_CACHE_BYTES);
    Overlays overlays = new Overlays(repo, chunkCache, KillSwitch.fromEnvironment());
    this.mounts = new MountManager(repo, chunkCache, overlays, new MountRecords(paths.mounts(), paths.legacyMounts()));
    this.control = new ControlServer(paths.socket(), (req, out, err) -> commands.run(this, req, out, err));
  }

  /**
   * Opens the store (failing fast with {@link io.datafs.core.error.StoreLockedException} when another daemon
   * has it), restores recorded mounts, then starts answering on the socket.
   *
   * @param idle exit after this long with no request and no mount; null to run until stopped (systemd)
   */
  public static Daemon start(Path home, Commands commands, Duration idle) throws IOException {
    DaemonPaths paths = new DaemonPaths(home);
    paths.prepare(); // a home another user could have prepared is refused before anything in it is opened
    restrictToOwner(paths.home());
    // the SDKs and libfuse are set up while the store opens and the client connects (the home passed its checks)
    WarmUp.start(new io.datafs.core.store.StoreLayout(paths.home()).config());
    // A daemon that is stopping may still hold the store for a moment: wait that out, not a live daemon.
    Repository repo = Repository.open(paths.home(), dir -> RocksKvStore.open(dir, Duration.ofSeconds(10)));
    Daemon d = new Daemon(paths, repo, commands);
    try {
      HomeCheck.replace(paths.pid(), Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
      d.cachePins.load();
      d.restoreMounts();
      d.control.start();
      d.startMetrics();
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
    if (idle != null) {
      d.idleCheck.scheduleWithFixedDelay(() -> {
        if (d.mounts.count() == 0 && d.control.idleNanos() > idle.toNanos()) {
          LOG.log(System.Logger.Level.INFO, "idle for " + idle.toSeconds() + " s with nothing mounted: stopping");
          d.requestStop();
        }
      }, 1, 1, TimeUnit.SECONDS);
    }
    LOG.log(System.Logger.Level.INFO, "datafs daemon " + ProcessHandle.current().pid() + " serving " + paths.home());
    return d;
  }

  public Repository repository() {
    return repo;
  }

  /** Where a GC stops for crash tests: {@code DATAFS_KILL_AT} names a step ({@link KillSwitch}); none normally. */
  public GcSteps gcSteps() {
    return KillSwitch.fromEnvironment()::reached;
  }

  /** Where mounts and commands read chunks that stay on a remote; its counters say what was fetched. */
  public RemoteChunks remoteChunks() {
    return remoteChunks;
  }

  /** What {@code datafs cache pin} keeps out of the chunk cache's eviction. */
  public CachePins cachePins() {
    return cachePins;
  }

  /**
   * Lazy reads of {@code ref} open it with {@code env} (a client's credentials) rather than the daemon's own; a
   * remote already open for reads keeps the environment it was opened with.
   */
  public void useRemoteEnvironment(RemoteRef ref, Map<String, String> env) {
    remoteEnv.put(ref, Map.copyOf(env));
  }

  /** A mount's reads are no command: offline ({@link RemoteOptions#OFFLINE}) is a command's choice, not theirs. */
  private Remote openRemote(RemoteRef ref) {
    Map<String, String> env = new java.util.HashMap<>(remoteEnv.getOrDefault(ref, System.getenv()));
    env.remove(RemoteOptions.OFFLINE);
    return Remotes.load().open(ref.url(), new RemoteOptions(ref.endpoint(), env));
  }

  /**
   * The Prometheus endpoint, when config.json asks for one; a bad or taken address is one log line, and the daemon
   * (every command of this store) runs on without it.
   */
  private void startMetrics() {
    MetricsConfig config;
    try {
      config = MetricsConfig.load(repo.layout().config());
    } catch (DatafsException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage() + ": no metrics endpoint");
      return;
    }
    if (config.listen() == null) return;
    try {
      metrics = MetricsServer.start(config.listen(), this::stats);
      LOG.log(System.Logger.Level.INFO, "metrics at http://" + metrics.address().getHostString() + ":"
          + metrics.address().getPort() + "/metrics");
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot serve metrics on " + config.listen() + " (metrics.listen in "
          + repo.layout().config() + "): " + e.getMessage() + "; the daemon runs without them");
    }
  }

  /**
   * The cache section of config.json; a broken config must not keep the daemon, and so every command, from starting.
   */
  private static CacheConfig cacheConfig(Path config) {
    try {
      return CacheConfig.load(config);
    } catch (DatafsException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage() + ": using the default chunk cache bounds");
      return CacheConfig.DEFAULTS;
    }
  }

  /** What the mounts, the chunk caches and the remote reads did since this daemon started. */
  public DaemonStats stats() {
    List<DaemonStats.Mount> each = mounts.stats();
    ChunkDiskCache disk = remoteChunks.cache();
    return new DaemonStats(DaemonStats.Fuse.sum(each.stream().map(DaemonStats.Mount::fuse).toList()), each,
        new DaemonStats.Cache(chunkCache.hits(), chunkCache.misses(), remoteChunks.hits(), remoteChunks.misses(),
            disk.evictions(),
            disk.size()),
        DaemonStats.Remote.of(remoteChunks.requests() + lazyPages.requests(),
            remoteChunks.bytesFetched() + lazyPages.bytes(),
            remoteChunks.fetchLatency().plus(lazyPages.fetchLatency())));
  }

  public MountManager mounts() {
    return mounts;
  }

  /**
   * Mounts the recorded mounts again, once: at start, or, when the store's index was lost then, once {@code verify
   * --repair} rebuilt it (a lost index knows none of their versions, and their records must outlive it).
   */
  public synchronized void restoreMounts() {
    if (mountsRestored) return;
    if (repo.indexLost()) {
      LOG.log(System.Logger.Level.WARNING,
          "the store's index is lost: recorded mounts wait for `datafs verify --repair`");
      return;
    }
    mounts.restore();
    mountsRestored = true;
  }

  public DaemonPaths paths() {
    return paths;
  }

  /** Asks the daemon to stop; {@link #awaitStop()} returns once it is asked. */
  public void requestStop() {
    stopped.countDown();
  }

  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    idleCheck.shutdownNow();
    if (metrics != null) metrics.close();
    control.close();
    mounts.close();
    remoteChunks.close();
    lazyPages.close();
    repo.close();
    try {
      Files.deleteIfExists(paths.pid());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove " + paths.pid() + ": " + e.getMessage());
    }
    LOG.log(System.Logger.Level.INFO, "datafs daemon stopped");
  }

  private static void restrictToOwner(Path home) {
    try {
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new StoreIoException("cannot restrict " + home + " to its owner", e);
    }
  }
}
