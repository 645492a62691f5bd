package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The datafs client of a user with no store: its $DATAFS_HOME does not exist and must never appear, and its temporary
 * folder (java.io.tmpdir) must be empty again after each command; no process may run for that home.
 */
final class Storeless {
  final Datafs datafs;
  final Path home;
  final Path tmpdir;

  private Storeless(Datafs datafs, Path home, Path tmpdir) {
    this.datafs = datafs;
    this.home = home;
    this.tmpdir = tmpdir;
  }

  /** Not handed to {@link Homes}: stopping a daemon there would be a command for that home. */
  static Storeless in(Path dir) throws IOException {
    Path home = dir.resolve("no-home");
    Path tmpdir = Files.createDirectories(dir.resolve("client-tmp"));
    return new Storeless(new Datafs(home).withEnv("JAVA_OPTS", "-Djava.io.tmpdir=" + tmpdir), home, tmpdir);
  }

  Storeless withEnv(String name, String value) {
    return new Storeless(datafs.withEnv(name, value), home, tmpdir);
  }

  void assertNothingLeft() throws IOException {
    assertFalse(Files.exists(home), "no store home was made at " + home);
    try (Stream<Path> s = Files.list(tmpdir)) {
      assertEquals(List.of(), s.toList(), "nothing left in the client's temporary folder");
    }
    assertEquals(List.of(), processesFor(home), "no process runs for that home");
  }

  /** Processes whose environment names {@code home} as DATAFS_HOME (a daemon started for it would). */
  static List<Long> processesFor(Path home) throws IOException {
    byte[] wanted = ("DATAFS_HOME=" + home + "\0").getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().matches("[0-9]+")) continue;
        byte[] env;
        try {
          env = Files.readAllBytes(p.resolve("environ"));
        } catch (IOException gone) {
          continue;
        }
        if (indexOf(env, wanted) >= 0) found.add(Long.parseLong(p.getFileName().toString()));
      }
    }
    return found;
  }

  private static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int j = 0; j < what.length; j++) if (in[i + j] != what[j]) continue outer;
      return i;
    }
    return -1;
  }
}
