package io.datafs.fs.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@link FuseMount} asks of the system around a mount: the kernel's mount table, canonical mount points, and the
 * commands that unmount ({@code umount} as root, else {@code fusermount}), run with a timeout and their output kept
 * for the error message.
 */
final class MountTable {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  private MountTable() {}

  /** Mount targets from /proc/self/mountinfo, with its octal escapes (\040 for space...) undone. */
  static List<String> mountTargets() {
    List<String> targets = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length > 4) targets.add(unescapeOctal(f[4]));
      }
    } catch (IOException e) {
      throw new FuseMountException("cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
    }
    return targets;
  }

  static String unescapeOctal(String s) {
    if (s.indexOf('\\') < 0) return s;
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '\\' && i + 3 < in.length && isOctal(in[i + 1]) && isOctal(in[i + 2]) && isOctal(in[i + 3])) {
        out[n++] = (byte) (((in[i + 1] - '0') << 6) | ((in[i + 2] - '0') << 3) | (in[i + 3] - '0'));
        i += 3;
      } else {
        out[n++] = in[i];
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }

  /** Absolute, normalized, with symlinks resolved where that works (a dead mount cannot be stat'ed). */
  static Path canonical(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      if (Files.isSymbolicLink(abs)) return abs.toRealPath();
      Path parent = abs.getParent();
      return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
    } catch (IOException e) {
      return abs;
    }
  }

  static List<String> lazyUnmountCommand(Path mp) {
    return isRoot() ? List.of("umount", "-l", mp.toString()) : fusermount("-u", "-z", mp.toString());
  }

  static List<String> fusermount(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(onPath("fusermount") ? "fusermount" : "fusermount3");
    cmd.addAll(List.of(args));
    return cmd;
  }

  record CommandResult(int status, String output) {}

  static CommandResult run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          return "";
        }
      });
      if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new CommandResult(-1, String.join(" ", command) + " did not finish within "
            + COMMAND_TIMEOUT.toSeconds() + " s");
      }
      String output = out.get(5, TimeUnit.SECONDS);
      return new CommandResult(p.exitValue(),
          output.isEmpty() ? String.join(" ", command) + " exited " + p.exitValue() : output);
    } catch (IOException | ExecutionException | TimeoutException e) {
      return new CommandResult(-1, String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandResult(-1, String.join(" ", command) + ": interrupted");
    }
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
