package io.datafs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Shared by the tests that mount for real: the FUSE precondition, subprocesses, the sample tree. */
public final class FuseTestSupport {
  private FuseTestSupport() {}

  static final String HELLO = "hello, datafs\n";
  static final String HELLO_SHA256 = new FakeFs.Bytes(HELLO.getBytes(StandardCharsets.UTF_8)).sha256();
  static final FakeFs.Generated BIG = new FakeFs.Generated(42, 5L * 1024 * 1024 + 123);
  static final FakeFs.Repeated HUGE = new FakeFs.Repeated(new FakeFs.Generated(7, 1 << 20).slice(0, (1 << 20) - 7),
      256L * 1024 * 1024);
  static final int MANY = 1000;

  /**
   * Real-mount tests need /dev/fuse and root (as on CI). Without /dev/fuse they fail, unless the
   * developer skips them explicitly with DATAFS_SKIP_FUSE_TESTS=1.
   */
  public static void requireFuse() {
    Assumptions.assumeFalse("1".equals(System.getenv("DATAFS_SKIP_FUSE_TESTS")),
        "DATAFS_SKIP_FUSE_TESTS=1: real FUSE mounts skipped");
    assertTrue(Files.exists(Path.of("/dev/fuse")),
        "/dev/fuse is missing: these tests mount for real (modprobe fuse), or set "
        + "DATAFS_SKIP_FUSE_TESTS=1 to skip them");
  }

  static FakeFs sample() {
    FakeFs fs = new FakeFs();
    fs.file("/hello.txt", HELLO).xattrs.put("user.datafs.sha256", HELLO_SHA256.getBytes(StandardCharsets.UTF_8));
    fs.dir("/data");
    FakeFs.Node big = fs.file("/data/big.bin", 0644, BIG);
    big.xattrs.put("user.datafs.sha256", BIG.sha256().getBytes(StandardCharsets.UTF_8));
    big.xattrs.put("user.datafs.chunks", "17".getBytes(StandardCharsets.UTF_8));
    fs.file("/data/run.sh", 0755, new FakeFs.Bytes("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)));
    fs.file("/data/with space é.txt", "spaces and unicode\n");
    fs.symlink("/data/link", "big.bin");
    fs.dir("/data/many");
    for (int i = 0; i < MANY; i++) fs.file(String.format("/data/many/f%04d-%s", i, "x".repeat(i % 40)), "n" + i);
    fs.dir("/bad");
    fs.file("/bad/boom", "never read").explode = true;
    fs.dir("/perf");
    fs.file("/perf/256.bin", 0644, HUGE);
    return fs;
  }

  record Result(int exit, String out, String err) {}

  static Result sh(Path cwd, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    byte[] out = readAll(p.getInputStream());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + List.of(command));
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err.join(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
