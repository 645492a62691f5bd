package io.datafs.it;

import static io.datafs.it.Trees.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datafs.it.Trees.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user installs it (packaging/target, made by {@code mvn package}): the .deb installed for real
 * with {@code dpkg -i} and purged after, so the machine is left as it was; the tarball unpacked in a temporary folder.
 * One install and one store (two versions of a small dataset) for the whole class.
 */
class PackageTest {
  private static final Path DIST = Datafs.ROOT.resolve("packaging/target");
  private static final String DATAFS = "/usr/bin/datafs";

  @TempDir static Path tmp;
  private static Path home;
  private static boolean installed;

  @BeforeAll
  static void install() throws IOException {
    Root.require();
    Fuse.require();
    String status = sh(Map.of(), "dpkg-query", "-W", "-f=${Status}", "datafs").out();
    if (status.contains("ok installed")) fail("a datafs package is installed on this machine: this test installs and"
        + " purges its own, so it leaves that one alone; `dpkg --purge datafs` first");
    Shell dpkg = sh(Map.of(), "dpkg", "-i", only(DIST, "datafs_", "_all.deb").toString());
    assertEquals(0, dpkg.exit(), dpkg.out());
    installed = true;
    home = tmp.resolve("store");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "first\n");
    ok(DATAFS, "import", src.toString(), "cats", "-m", "one", "--home", home.toString());
    Files.writeString(src.resolve("a.txt"), "second\n");
    ok(DATAFS, "import", src.toString(), "cats", "-m", "two", "--home", home.toString());
    ok(DATAFS, "tag", "cats@v1", "first", "--home", home.toString());
  }

  @AfterAll
  static void purge() {
    if (home != null) sh(Map.of(), DATAFS, "daemon", "stop", "--home", home.toString());
    if (!installed) return;
    Shell purge = sh(Map.of(), "dpkg", "--purge", "datafs");
    assertEquals(0, purge.exit(), purge.out());
    assertFalse(Files.exists(Path.of(DATAFS)), "dpkg --purge left " + DATAFS);
  }

  @Test
  void installsWhereDebianLooksAndStartsFromTheAppCdsArchive() {
    for (String f : List.of("/usr/bin/datafs", "/usr/lib/datafs/datafs.jar", "/usr/lib/datafs/datafs.jsa",
        "/sbin/mount.datafs", "/lib/systemd/system/datafs.service", "/usr/share/bash-completion/completions/datafs",
        "/usr/share/zsh/vendor-completions/_datafs", "/usr/share/man/man1/datafs.1.gz",
        "/usr/share/man/man8/mount.datafs.8.gz")) {
      assertTrue(Files.exists(Path.of(f)), f + " is not installed");
    }
    // -Xshare:on makes the JVM fail rather than run without the archive: it fits the installed jars
    Shell version = sh(Map.of("JAVA_OPTS", "-Xshare:on"), DATAFS, "--version");
    assertEquals(0, version.exit(), version.out());
    assertTrue(version.out().startsWith("datafs "), version.out());
  }

  @Test
  void fstabLinesMountAndUmountUnmounts() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("fstab-mnt"));
    Path fstab = tmp.resolve("fstab");
    Files.writeString(fstab, "cats@v1 " + dir + " datafs ro,_netdev,x-systemd.requires=datafs.service,home=" + home
        + " 0 0\n");
    for (int round = 1; round <= 2; round++) { // the second: the daemon forgot the mount umount(8) removed
      Shell mount = sh(Map.of(), "mount", "-T", fstab.toString(), dir.toString());
      assertEquals(0, mount.exit(), "round " + round + ": " + mount.out());
      assertEquals("first\n", Files.readString(dir.resolve("a.txt")));
      Shell umount = sh(Map.of(), "umount", dir.toString());
      assertEquals(0, umount.exit(), umount.out());
      assertFalse(Fuse.isMounted(dir));
    }
    assertEquals("", ok(DATAFS, "mounts", "--home", home.toString()), "the daemon still lists the unmounted mount");

    // mount(8)'s command line, writable
    Shell rw = sh(Map.of(), "mount", "-t", "datafs", "cats", dir.toString(), "-o", "rw,home=" + home);
    assertEquals(0, rw.exit(), rw.out());
    try {
      Files.writeString(dir.resolve("b.txt"), "new\n");
      assertTrue(ok(DATAFS, "status", dir.toString(), "--home", home.toString()).contains("b.txt"));
    } finally {
      assertEquals(0, sh(Map.of(), "umount", dir.toString()).exit());
    }
  }

  @Test
  void badFstabLinesFailInOneLineAndLeaveNothingMounted() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bad-mnt"));
    Shell unknownDataset = sh(Map.of(), "mount", "-t", "datafs", "dogs@v1", dir.toString(), "-o", "home=" + home);
    assertNotEquals(0, unknownDataset.exit());
    assertTrue(unknownDataset.out().contains("dogs"), unknownDataset.out());
    Shell unknownOption = sh(Map.of(), "mount", "-t", "datafs", "cats@v1", dir.toString(), "-o",
        "ro,colour=red,home=" + home);
    assertNotEquals(0, unknownOption.exit());
    assertTrue(unknownOption.out().contains("unknown option 'colour=red'"), unknownOption.out());
    // root's store, from another user: refused before anything runs
    Shell notRoot = sh(Map.of(), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/sbin/mount.datafs",
        "cats@v1", dir.toString(), "-o", "home=" + home);
    assertEquals(1, notRoot.exit(), notRoot.out());
    assertTrue(notRoot.out().contains("needs root"), notRoot.out());
    assertFalse(Fuse.isMounted(dir));
    for (Shell s : List.of(unknownDataset, unknownOption, notRoot)) {
      assertEquals(1, s.out().strip().lines().count(), "not one line: " + s.out());
    }
  }

  @Test
  void serviceUnitVerifiesAndTheDaemonTellsSystemdItIsReady() throws IOException {
    Shell verify = sh(Map.of(), "systemd-analyze", "verify", "/lib/systemd/system/datafs.service");
    assertEquals(0, verify.exit(), verify.out());
    assertFalse(verify.out().contains("datafs.service"), verify.out());

    // Type=notify: what systemd does, with a datagram socket of this test's, for a store of its own
    Path socket = tmp.resolve("notify.sock");
    Path store = tmp.resolve("service-store");
    String listen = "import socket,sys\ns=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\n"
        + "s.settimeout(120)\nprint(s.recv(4096).decode(),flush=True)\n";
    Process listener = new ProcessBuilder("python3", "-c", listen, socket.toString()).start();
    try {
      while (!Files.exists(socket) && listener.isAlive()) Thread.onSpinWait();
      ProcessBuilder pb = new ProcessBuilder(DATAFS, "daemon", "--foreground", "--home", store.toString())
          .redirectErrorStream(true).redirectOutput(tmp.resolve("service.log").toFile());
      pb.environment().put("NOTIFY_SOCKET", socket.toString());
      Process daemon = pb.start();
      try {
        String said = new String(listener.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals("READY=1", said, Files.readString(tmp.resolve("service.log")));
        // the same store while this daemon holds it: one line, exit 3 (the unit does not restart on it)
        Shell second = sh(Map.of(), DATAFS, "daemon", "--foreground", "--home", store.toString());
        assertEquals(3, second.exit(), second.out());
        assertEquals("datafs: a datafs daemon already serves " + store, second.out().strip());
      } finally {
        sh(Map.of(), DATAFS, "daemon", "stop", "--home", store.toString());
        daemon.destroy();
      }
    } finally {
      listener.destroy();
    }
  }

  @Test
  void bashCompletesCommandsAndTheStoresDatasetsAndVersions() {
    String script = "source /usr/share/bash-completion/completions/datafs\n"
        + "complete -p datafs\n"
        + "c() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=(); _complete_datafs_with_datasets;"
        + " echo \"$*: ${COMPREPLY[*]}\"; }\n"
        + "c datafs mou\n"
        + "c datafs mount ca\n"
        + "c datafs log cats@\n";
    // 2>/dev/null: picocli's functions call compopt, which bash refuses outside a real completion
    Shell bash = sh(Map.of("DATAFS_HOME", home.toString()), "bash", "-c", "{\n" + script + "} 2>/dev/null");
    assertEquals(0, bash.exit(), bash.out());
    assertTrue(bash.out().contains("-F _complete_datafs_with_datasets"), bash.out());
    assertTrue(bash.out().contains("datafs mou: mount mounts"), bash.out());
    assertTrue(bash.out().contains("datafs mount ca: cats\n"), bash.out());
    assertTrue(bash.out().contains("datafs log cats@: cats@first cats@v1 cats@v2\n"), bash.out());
  }

  @Test
  void everyManPageRenders() throws IOException {
    List<Path> pages = new ArrayList<>();
    for (String section : List.of("man1", "man8")) {
      try (Stream<Path> s = Files.list(Path.of("/usr/share/man", section))) {
        s.filter(p -> p.getFileName().toString().matches("(mount\\.)?datafs.*\\.gz")).forEach(pages::add);
      }
    }
    assertTrue(pages.stream().anyMatch(p -> p.endsWith("datafs-remote-add.1.gz")), "one page per subcommand: " + pages);
    for (Path page : pages) {
      Shell man = sh(Map.of("MANWIDTH", "100"), "man", "-l", page.toString());
      assertEquals(0, man.exit(), page + ": " + man.out());
      String name = page.getFileName().toString().replaceFirst("\\.[18]\\.gz$", "");
      assertTrue(man.out().contains(name), page + " does not render its name: " + man.out());
    }
  }

  @Test
  void lintianFindsNoErrors() {
    Shell lintian = sh(Map.of(), "lintian", only(DIST, "datafs_", "_all.deb").toString());
    System.out.println("lintian:\n" + lintian.out());
    assertFalse(lintian.out().lines().anyMatch(l -> l.startsWith("E:")), lintian.out());
  }

  @Test
  void tarballRunsFromWhereverItIsUnpacked() throws IOException {
    Path to = Files.createDirectories(tmp.resolve("unpacked"));
    Path tarball = only(DIST, "datafs-", ".tar.gz");
    assertEquals(0, sh(Map.of(), "tar", "-C", to.toString(), "-xzf", tarball.toString()).exit());
    Path top = to.resolve(tarball.getFileName().toString().replace(".tar.gz", ""));
    Shell version = sh(Map.of(), top.resolve("bin/datafs").toString(), "--version");
    assertEquals(0, version.exit(), version.out());
    assertTrue(version.out().startsWith("datafs "), version.out());
    // its mount helper finds the datafs beside it (not /usr/bin's): a bad option is refused before it runs
    Shell helper = sh(Map.of(), top.resolve("sbin/mount.datafs").toString(), "cats", tmp.toString(), "-o", "bogus");
    assertEquals(1, helper.exit(), helper.out());
    assertTrue(helper.out().contains("unknown option 'bogus'"), helper.out());
    Shell cache = sh(Map.of(), top.resolve("sbin/mount.datafs").toString(), "cats", tmp.toString(), "-o", "cache=1G");
    assertEquals(1, cache.exit(), cache.out());
    assertTrue(cache.out().contains("option 'cache=1G' is not a mount's"), cache.out());
    assertTrue(Files.exists(top.resolve("share/man/man1/datafs-mount.1.gz")));
    assertTrue(Files.exists(top.resolve("lib/systemd/system/datafs.service")));
  }

  // ---- helpers

  private static String ok(String... cmd) {
    Shell s = sh(Map.of(), cmd);
    assertEquals(0, s.exit(), String.join(" ", cmd) + ": " + s.out());
    return s.out();
  }

  /** The one file of {@code dir} named PREFIX...SUFFIX. */
  private static Path only(Path dir, String prefix, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> found = s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(prefix) && n.endsWith(suffix);
      }).toList();
      if (found.size() != 1) {
        fail("expected one " + prefix + "*" + suffix + " in " + dir + " (mvn package builds it): " + found);
      }
      return found.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
