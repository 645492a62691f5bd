package io.datafs.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * rclone (Debian's) against the bench's S3 server: an S3 remote named {@code s3} configured by environment variables
 * (provider Other, the endpoint, path-style, the server's keys) with an empty config file of its own, so a user's
 * {@code rclone.conf} plays no part. Every rclone runs without {@code AWS_CA_BUNDLE}, which these machines set and
 * which breaks rclone's S3 backend.
 */
final class Rclone {
  /** How the mount caches: {@code off} streams (rclone's default), {@code full} keeps what it read on disk. */
  enum CacheMode { OFF, FULL }

  private final Path config;
  private final Map<String, String> env;

  Rclone(Path work, String endpoint) throws IOException {
    this.config = work.resolve("rclone.conf");
    Files.writeString(config, "");
    this.env = Map.of(
        "RCLONE_CONFIG_S3_TYPE", "s3",
        "RCLONE_CONFIG_S3_PROVIDER", "Other",
        "RCLONE_CONFIG_S3_ENDPOINT", endpoint,
        "RCLONE_CONFIG_S3_FORCE_PATH_STYLE", "true",
        "RCLONE_CONFIG_S3_REGION", "us-east-1",
        "RCLONE_CONFIG_S3_ACCESS_KEY_ID", S3Server.IDENTITY,
        "RCLONE_CONFIG_S3_SECRET_ACCESS_KEY", S3Server.CREDENTIAL);
  }

  static String version() throws Exception {
    return Proc.run(Map.of(), List.of("rclone", "version")).output().lines().findFirst().orElse("rclone").strip();
  }

  /** The command line of an rclone command, with the config file and without AWS_CA_BUNDLE (through env -u). */
  List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of("env", "-u", "AWS_CA_BUNDLE", "rclone", "--config", config.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  Map<String, String> env() {
    return env;
  }

  /** {@code rclone copy} of a folder to {@code bucket/prefix}, with its defaults (4 transfers, 8 checkers); seconds. */
  double copy(Path src, String bucket, String prefix) throws Exception {
    return Proc.time(env, command("copy", src.toString(), "s3:" + bucket + "/" + prefix));
  }

  /** {@code rclone copyto} of one file to the object {@code bucket/key}. */
  void upload(Path file, String bucket, String key) throws Exception {
    Proc.time(env, command("copyto", file.toString(), "s3:" + bucket + "/" + key));
  }

  /**
   * {@code rclone copy} of one object into a local folder, with its defaults (an object of 250 MiB or more in up to 4
   * ranged streams at once); seconds.
   */
  double download(String bucket, String key, Path dir) throws Exception {
    return Proc.time(env, command("copy", "s3:" + bucket + "/" + key, dir.toString()));
  }

  /**
   * A running {@code rclone mount --read-only} in the foreground (a child of this JVM, so it can be stopped), ready
   * when it shows in /proc/self/mounts. Flags: {@code --vfs-cache-mode} as asked, a fresh {@code --cache-dir}, and
   * {@code --use-server-modtime} (an S3 object's time from the listing, not a HEAD per file: rclone's advice for
   * mounts of S3, which makes the baseline faster, not slower).
   */
  final class Mount implements AutoCloseable {
    final Path dir;
    private final Process process;
    private final File log;

    Mount(String bucketPath, Path dir, CacheMode mode, Path cacheDir) throws Exception {
      this.dir = dir;
      if (Files.exists(cacheDir)) Proc.runQuietly(List.of("rm", "-rf", cacheDir.toString()));
      Files.createDirectories(cacheDir);
      this.log = File.createTempFile("rclone-mount", ".log");
      ProcessBuilder pb = new ProcessBuilder(command("mount", "s3:" + bucketPath, dir.toString(), "--read-only",
          "--vfs-cache-mode", mode.name().toLowerCase(), "--cache-dir", cacheDir.toString(), "--use-server-modtime"))
          .redirectErrorStream(true).redirectOutput(log);
      pb.environment().putAll(env);
      this.process = pb.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!Mounts.isMounted(dir)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("rclone mount of " + bucketPath + " at " + dir + " did not come up: "
              + Files.readString(log.toPath()));
        }
        Thread.sleep(20);
      }
    }

    /** Unmounts (fusermount -u, else a lazy umount) and waits for rclone to end, killing it if it does not. */
    @Override
    public void close() throws Exception {
      try {
        if (Mounts.isMounted(dir)) Proc.runQuietly(List.of("fusermount", "-u", dir.toString()));
        if (Mounts.isMounted(dir)) Proc.runQuietly(List.of("umount", "-l", dir.toString()));
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
      } finally {
        log.delete();
      }
    }
  }
}
