package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writable mount behaves as POSIX says (issue 20), checked against a plain directory through Python's os module:
 * the nine points one by one ({@code posix_points.py}), and a seeded sequence of syscalls run on both, every result
 * compared ({@code posix_diff.py}). One home, one mount for the class. More seeds than CI runs:
 * {@code DATAFS_POSIX_SEEDS=50 DATAFS_POSIX_OPS=400}.
 */
class WritablePosixTest {
  @TempDir static Path tmp;
  static Datafs datafs;
  static Path mnt;

  @BeforeAll
  static void mounted() throws Exception {
    Fuse.require();
    // the differential test's tree is diff/ (also copied as a plain directory); point 9 runs as user nobody
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path src = Files.createDirectories(tmp.resolve("src/diff"));
    Files.writeString(src.resolve("f0"), "hello\n");
    Files.writeString(Files.createDirectories(src.resolve("d1")).resolve("f1"), "one\n");
    Trees.write(src.resolve("d1/d2/f2"), Trees.random(7, 100_000));
    Files.createDirectories(src.resolve("e"));
    Files.createSymbolicLink(src.resolve("s"), Path.of("f0"));
    datafs = new Datafs(tmp.resolve("home"));
    datafs.ok("import", src.getParent().toString(), "posix");
    assertEquals(0, Trees.sh("cp", "-a", src.toString(), tmp.resolve("plain").toString()).exit());
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "posix", mnt.toString(), "--writable");
  }

  @AfterAll
  static void stopped() {
    if (datafs != null) datafs.stopDaemon();
  }

  @Test
  void theNinePointsOfIssue20HoldAsOnAPlainDirectory() throws Exception {
    JsonNode plain = new ObjectMapper().readTree(python("posix_points.py", 0,
        Files.createDirectories(tmp.resolve("points")).toString()));
    JsonNode mount = new ObjectMapper().readTree(python("posix_points.py", 0,
        Files.createDirectories(mnt.resolve("points")).toString()));
    List<Executable> points = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      String p = Integer.toString(i);
      points.add(() -> assertTrue(plain.get(p).get("ok").asBoolean(),
          "the check itself, on a plain dir: " + plain.get(p)));
      points.add(() -> assertTrue(mount.get(p).get("ok").asBoolean(), "point " + p + " on the mount: " + mount.get(p)));
    }
    assertAll(points);
  }

  @Test
  void aSeededSequenceOfSyscallsGivesWhatAPlainDirectoryGives() throws Exception {
    int seeds = Integer.parseInt(System.getenv().getOrDefault("DATAFS_POSIX_SEEDS", "2"));
    String ops = System.getenv().getOrDefault("DATAFS_POSIX_OPS", "150");
    StringBuilder deviations = new StringBuilder();
    for (int seed = 1; seed <= seeds; seed++) {
      deviations.append(python("posix_diff.py", -1, mnt.resolve("diff").toString(), tmp.resolve("plain").toString(),
          Integer.toString(seed), ops));
    }
    assertEquals("", deviations.toString(), "deviations from a plain directory (op, field, mount, plain)");
  }

  /**
   * What the mount keeps per inode beyond a version outlives a daemon killed and started again: an atime set by
   * utimensat (past 2038), and the owner of a file made by another user (nobody, in a 0777 directory).
   */
  @Test
  void atimesAndOwnersOutliveADaemonRestart() throws Exception {
    Path dir = Files.createDirectories(mnt.resolve("kept"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path theirs = dir.resolve("theirs");
    assertEquals(0, Trees.sh("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "touch",
        theirs.toString()).exit());
    Path mine = Files.writeString(dir.resolve("mine"), "mine\n");
    assertEquals(0, Trees.sh("touch", "-a", "-d", "2040-01-01 03:04:05.123456789 UTC", mine.toString()).exit());
    FileTime atime = (FileTime) Files.getAttribute(mine, "unix:lastAccessTime");
    assertEquals(2_208_999_845L, atime.toInstant().getEpochSecond());
    assertEquals(List.of(65534, 65534), owner(theirs));

    datafs.killDaemon();
    datafs.ok("mounts"); // starts a daemon, which mounts the overlay again
    assertEquals(atime, Files.getAttribute(mine, "unix:lastAccessTime"));
    assertEquals(List.of(65534, 65534), owner(theirs));
  }

  private static List<Integer> owner(Path p) throws Exception {
    return List.of((Integer) Files.getAttribute(p, "unix:uid"), (Integer) Files.getAttribute(p, "unix:gid"));
  }

  /** Runs a script of src/test/resources/python; its stdout. Exit status {@code expected} unless it is -1. */
  private static String python(String script, int expected, String... args) throws Exception {
    Path file = tmp.resolve(script);
    if (!Files.exists(file)) {
      try (InputStream in = WritablePosixTest.class.getResourceAsStream("/python/" + script)) {
        Files.copy(in, file);
      }
    }
    List<String> cmd = new ArrayList<>(List.of(PythonClientsTest.PYTHON, file.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    if (expected >= 0) assertEquals(expected, exit, script + " failed: " + out);
    return out;
  }
}
