package io.datafs.cli.commands;

import io.datafs.cli.Commands;
import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.StoreOptions;
import io.datafs.core.error.StoreLockedException;
import io.datafs.core.store.HomeCheck;
import io.datafs.daemon.Daemon;
import io.datafs.daemon.DaemonClient;
import io.datafs.daemon.DaemonLog;
import io.datafs.daemon.DaemonPaths;
import io.datafs.daemon.SystemdNotify;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "daemon", description = {
    "The daemon that owns a store and its mounts. Other commands start it when it is not running.",
    "With --foreground it runs in this process (what systemd runs); without, it makes sure one runs."},
    subcommands = {DaemonCommand.Stop.class, DaemonCommand.Status.class})
public final class DaemonCommand {
  @Mixin StoreOptions store;
  @Option(names = "--foreground", description = "Run the daemon in this process until stopped.") boolean foreground;
  @Option(names = "--idle-exit", paramLabel = "SECONDS",
      description = "Stop after this long with no command and no mount (default: never).") Long idleExit;

  private static final Instant STARTED = Instant.now();

  /** Client side: run the daemon here, or make sure one runs and show it. */
  public int runHere(String[] args) throws IOException {
    if (!foreground) return io.datafs.cli.Main.forwardStatus(store.home());
    DaemonPaths paths = new DaemonPaths(store.home());
    paths.prepare(); // the log is opened only once the home and the file passed their checks
    DaemonLog.start(paths.log(), System.getenv("DATAFS_LOG"));
    Daemon daemon;
    try {
      daemon = Daemon.start(store.home(), Commands::run, idleExit == null ? null : Duration.ofSeconds(idleExit));
    } catch (StoreLockedException e) {
      System.err.println("datafs: a datafs daemon already serves " + store.home());
      return 3;
    }
    // the socket listens and recorded mounts are back: what datafs.service (Type=notify) waits for
    SystemdNotify.send("READY=1");
    Thread hook = new Thread(daemon::requestStop, "datafs-sigterm");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      daemon.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      daemon.close();
    }
    return 0;
  }

  @Command(name = "stop",
      description = "Unmount everything and stop the daemon (mounts come back when it starts again).")
  public static final class Stop extends DatafsSubcommand {
    /** Client side: stopping a daemon that does not run is not an error, and starts none. */
    public int stopFromClient(String[] args) throws IOException {
      DaemonClient client = new DaemonClient(store.home());
      try (SocketChannel probe = client.connect()) {
        if (probe == null) {
          System.out.println("no datafs daemon runs for " + store.home());
          return 0;
        }
      }
      DaemonPaths paths = new DaemonPaths(store.home());
      long pid = Long.parseLong(new String(HomeCheck.read(paths.pid()), StandardCharsets.UTF_8).strip());
      int status = io.datafs.cli.Main.forwardArgs(store.home(), args);
      // Return once it is gone, so that the store is free for whatever comes next.
      ProcessHandle.of(pid).ifPresent(h -> {
        try {
          h.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("datafs: the daemon " + pid + " is still stopping");
        }
      });
      return status;
    }

    @Override
    protected int run() {
      int mounts = session.daemon().mounts().count();
      session.out().println("stopping the datafs daemon " + ProcessHandle.current().pid()
          + (mounts > 0 ? " and unmounting " + mounts + " mount(s)" : ""));
      session.daemon().requestStop();
      return 0;
    }
  }

  @Command(name = "status", description = "Show the running daemon: pid, store, uptime, mounts.")
  public static final class Status extends DatafsSubcommand {
    @Override
    protected int run() {
      session.out().printf("datafs daemon %d serving %s since %s, %d mount(s)%n", ProcessHandle.current().pid(),
          session.daemon().paths().home(), STARTED, session.daemon().mounts().count());
      return 0;
    }
  }
}
