package io.datafs.daemon;

import io.datafs.core.config.RemoteConfig;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.Remotes;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import ru.serce.jnrfuse.FuseStubFS;

/**
 * What a starting daemon sets up on a thread of its own while it opens the store and its client connects: the SDKs of
 * the remotes its home names (building an S3 client and its first request took 0.75 s and 1.4 s of a fresh home's first
 * mount, under load) and libfuse through jnr (its binding is made at run time). The first mount then finds them ready;
 * work both do at once is done twice at worst, never wrongly, as nothing here is shared but loaded classes.
 */
final class WarmUp {
  private static final System.Logger LOG = System.getLogger("datafs.daemon");

  private WarmUp() {}

  /** {@code DATAFS_WARM_UP=off} in the daemon's environment: none (to measure what it saves, or on a busy machine). */
  static void start(Path config) {
    if ("off".equals(System.getenv("DATAFS_WARM_UP"))) return;
    Thread t = new Thread(() -> run(config), "datafs-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void run(Path config) {
    long start = System.nanoTime();
    try {
      Remotes remotes = Remotes.load();
      for (String scheme : schemes(config)) {
        if (remotes.schemes().contains(scheme)) remotes.provider(new RemoteUrl(scheme, "warm-up", "")).warmUp();
      }
      new FuseStubFS(); // loads libfuse and makes jnr's binding of it; mounts nothing
    } catch (RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "warm-up: " + e);
    }
    LOG.log(System.Logger.Level.DEBUG, "warm-up done in " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  /** The schemes of the configured remotes and of DATAFS_REMOTE_URL, but not file (nothing to set up). */
  private static Set<String> schemes(Path config) {
    Set<String> schemes = new TreeSet<>();
    for (RemoteConfig.Entry e : RemoteConfig.load(config).remotes().values()) schemes.add(e.url().scheme());
    String fromEnv = System.getenv("DATAFS_REMOTE_URL");
    if (fromEnv != null && !fromEnv.isBlank()) schemes.add(RemoteUrl.parse(fromEnv).scheme());
    schemes.remove(RemoteUrl.FILE);
    return schemes;
  }
}
