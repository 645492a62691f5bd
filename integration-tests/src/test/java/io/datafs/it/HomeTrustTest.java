package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root running datafs on a home another user prepared: the home, or a file datafs opens in it, that is another
 * user's, writable by others, or a symbolic link is refused in one line, before a daemon starts, and nothing is
 * written through a planted link.
 */
class HomeTrustTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  Path src;
  /** A root-only file a planted daemon.log link points at. */
  Path secret;

  @BeforeEach
  void sources() throws Exception {
    Root.require();
    src = Trees.sample(tmp.resolve("src"));
    secret = Trees.write(tmp.resolve("root-only/secret"), "root's own\n".getBytes());
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aHomeOfAnotherUserOrOpenToOthersIsRefusedBeforeAnythingIsOpened() throws Exception {
    Path nobodys = Files.createDirectories(tmp.resolve("nobodys-home"));
    Files.setPosixFilePermissions(nobodys, PosixFilePermissions.fromString("rwx------"));
    assertEquals(0, Trees.sh("chown", "65534", nobodys.toString()).exit());
    assertEquals("datafs: the store home " + nobodys + " belongs to user nobody, not root: use a DATAFS_HOME of your"
        + " own", homes.at(nobodys).fails(1, "import", src.toString(), "cats"));
    assertEquals(List.of(), list(nobodys), "no daemon, no log, no store");

    Path open = plantedHome("open-home");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    String writable = "datafs: the store home " + open + " is writable by group or others (mode 0777): chmod go-w it,"
        + " or use a DATAFS_HOME of your own";
    assertEquals(writable, homes.at(open).fails(1, "import", src.toString(), "cats"));
    assertEquals(writable, homes.at(open).fails(1, "remote", "list"));
    // The daemon checks for itself too (systemd runs it without a client).
    assertEquals(writable, homes.at(open).fails(1, "daemon", "--foreground", "--idle-exit", "1"));
    assertUntouched(open);
  }

  @Test
  void linkedOrForeignFilesInAHomeAreRefusedNotFollowed() throws Exception {
    Path home = plantedHome("linked-home");
    Datafs datafs = homes.at(home);
    String linkedLog = "datafs: the daemon log " + home.resolve("daemon.log") + " is a symbolic link: datafs follows"
        + " no link in a store home; remove it";
    assertEquals(linkedLog, datafs.fails(1, "import", src.toString(), "cats"));
    assertEquals(linkedLog, datafs.fails(1, "daemon", "--foreground", "--idle-exit", "1"));
    assertUntouched(home);

    Files.delete(home.resolve("daemon.log"));
    String linkedConfig = "datafs: the config file " + home.resolve("config.json") + " is a symbolic link: datafs"
        + " follows no link in a store home; remove it";
    assertEquals(linkedConfig, datafs.fails(1, "remote", "list"));
    assertEquals(linkedConfig, datafs.fails(1, "push"));
    assertFalse(Files.exists(home.resolve("daemon.sock")), "no daemon started");

    Files.delete(home.resolve("config.json"));
    Files.writeString(home.resolve("config.json"), "{\"remotes\": {}}");
    assertEquals(0, Trees.sh("chown", "nobody", home.resolve("config.json").toString()).exit());
    assertEquals("datafs: the config file " + home.resolve("config.json") + " belongs to user nobody, not root: use a"
        + " DATAFS_HOME of your own", datafs.fails(1, "datasets"));

    Files.delete(home.resolve("config.json"));
    datafs.ok("import", src.toString(), "cats");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("daemon.log"))));
  }

  /** A home of root's with daemon.log linked to a root-only file and config.json to a config naming a remote. */
  private Path plantedHome(String name) throws Exception {
    Path home = Files.createDirectories(tmp.resolve(name));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(home.resolve("daemon.log"), secret);
    Path theirConfig = Trees.write(tmp.resolve("their-config.json"),
        ("{\"remotes\": {\"theirs\": {\"url\": \"file://" + tmp.resolve("their-remote") + "\"}}}").getBytes());
    Files.createSymbolicLink(home.resolve("config.json"), theirConfig);
    return home;
  }

  private void assertUntouched(Path home) throws Exception {
    assertEquals("root's own\n", Files.readString(secret), "nothing appended through the link");
    assertEquals(List.of("config.json", "daemon.log"), list(home), "no daemon, no socket, no store");
  }

  private static List<String> list(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
