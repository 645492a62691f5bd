package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Makes sample folders and compares folders: content, kinds, modes, mtimes and link targets. */
final class Trees {
  private Trees() {}

  static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * A folder with what import must keep: nested and empty directories, an empty file, names with spaces and
   * unicode, an executable, a symlink inside the tree, a file of several chunks, set mtimes.
   */
  static Path sample(Path root) throws IOException {
    write(root.resolve("a/b/deep.txt"), "deep\n".getBytes(StandardCharsets.UTF_8));
    write(root.resolve("a/hello world.txt"), "hello\n".getBytes(StandardCharsets.UTF_8));
    write(root.resolve("ünïcödé/日本語 😀.bin"), random(1, 5000));
    write(root.resolve("empty-file"), new byte[0]);
    Files.createDirectories(root.resolve("empty-dir"));
    Path exe = write(root.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-x---"));
    write(root.resolve("data/big.bin"), random(2, 9 << 20));
    for (int i = 0; i < 50; i++) write(root.resolve("data/small/" + String.format("%03d.dat", i)),
        random(100 + i, 1000 + i * 37));
    Files.createSymbolicLink(root.resolve("a/link-to-deep"), Path.of("b/deep.txt"));
    Files.createSymbolicLink(root.resolve("data/up-link"), Path.of("../a/hello world.txt"));
    Files.setLastModifiedTime(root.resolve("a/b/deep.txt"),
        FileTime.from(1_600_000_000_123_456_789L, TimeUnit.NANOSECONDS));
    Files.setLastModifiedTime(root.resolve("empty-dir"), FileTime.from(1_500_000_000L, TimeUnit.SECONDS));
    return root;
  }

  /** Path -> a line describing kind, mode, mtime, size, content hash or link target; the root itself left out. */
  static SortedMap<String, String> describe(Path root) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(root)) continue;
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.put(rel, "dir " + perms(p) + " " + mtime(p));
        } else {
          out.put(rel, "file " + perms(p) + " " + mtime(p) + " " + Files.size(p) + " " + sha256(p));
        }
      }
    }
    return out;
  }

  static void assertSameTree(Path expected, Path actual) throws IOException {
    assertEquals(describe(expected), describe(actual));
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static long mtime(Path p) throws IOException {
    return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
  }

  static String sha256(Path p) {
    try (var in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a shell command and returns its exit code and output (stdout and stderr together). */
  static Shell sh(String... cmd) {
    return sh(Map.of(), cmd);
  }

  /** {@link #sh(String...)} with these variables added to the environment; stdin is closed, as nothing answers. */
  static Shell sh(Map<String, String> env, String... cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Shell(p.waitFor(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  record Shell(int exit, String out) {}
}
