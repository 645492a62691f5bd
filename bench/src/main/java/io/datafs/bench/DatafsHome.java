package io.datafs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code $DATAFS_HOME} that {@code bin/datafs} runs in, with the bench S3 server's keys in its environment (and so
 * in the daemon the CLI starts). {@link #close} unmounts what it mounted, stops its daemon and deletes the home.
 */
final class DatafsHome implements AutoCloseable {
  final Path home;
  private final Path launcher;
  private final Map<String, String> env;
  private final List<Path> mounted = new ArrayList<>();

  /** A fresh home: anything at {@code home} is deleted first (its daemon stopped). */
  DatafsHome(Path launcher, Path home) throws Exception {
    this.home = home;
    this.launcher = launcher;
    this.env = Map.of("DATAFS_HOME", home.toString(), "AWS_ACCESS_KEY_ID", S3Server.IDENTITY,
        "AWS_SECRET_ACCESS_KEY", S3Server.CREDENTIAL, "AWS_REGION", "us-east-1");
    if (Files.exists(home)) {
      stopDaemon();
      Proc.runQuietly(List.of("rm", "-rf", home.toString()));
    }
    Files.createDirectories(home);
  }

  Proc.Run run(String... args) throws Exception {
    return Proc.run(env, command(args));
  }

  /** Wall time of a command, start of the client JVM included; nothing polls /proc meanwhile. */
  double time(String... args) throws Exception {
    return Proc.time(env, command(args));
  }

  /** A command's output read as it comes and discarded, with the time to its first line ({@link Proc#lines}). */
  Proc.Lines lines(String... args) throws Exception {
    return Proc.lines(env, command(args));
  }

  /** The peak resident memory (VmHWM) of this home's running daemon so far. */
  long daemonPeakRss() throws Exception {
    return Proc.peakRss(Long.parseLong(Files.readString(home.resolve("daemon.pid")).strip()));
  }

  /** {@code datafs remote add NAME s3://BUCKET/PREFIX --endpoint ENDPOINT}. */
  void addRemote(String name, String bucket, String prefix, String endpoint) throws Exception {
    run("remote", "add", name, "s3://" + bucket + "/" + prefix, "--endpoint", endpoint);
  }

  /** {@code datafs mount VERSION DIR}; its wall time. */
  double mount(String version, Path dir) throws Exception {
    Mounts.emptyDir(dir);
    try {
      return time("mount", version, dir.toString());
    } finally {
      if (Mounts.isMounted(dir)) mounted.add(dir);
    }
  }

  void umount(Path dir) throws Exception {
    if (!mounted.remove(dir)) return;
    try {
      run("umount", dir.toString());
    } catch (RuntimeException e) {
      Bench.log("datafs umount failed, detaching: " + e.getMessage());
    }
    Mounts.detach(dir);
  }

  void stopDaemon() throws Exception {
    if (Files.exists(home)) {
      try {
        run("daemon", "stop");
      } catch (RuntimeException e) {
        Bench.log("stopping the daemon of " + home + ": " + e.getMessage());
      }
    }
  }

  /** Unmounts, stops the daemon, deletes the home; safe to call more than once. */
  @Override
  public void close() throws Exception {
    for (Path dir : List.copyOf(mounted)) umount(dir);
    stopDaemon();
    Proc.runQuietly(List.of("rm", "-rf", home.toString()));
  }

  private List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
