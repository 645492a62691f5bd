package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.fs.fuse.FuseMount;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts, not process kills: the store home lives on {@link LazyFs}, which keeps every write not yet covered by
 * an fsync of its file, and every directory change not yet covered by an fsync of its directory, only in memory,
 * and loses them at the cut. At each cut point of a workload the daemon is killed, the unsynced state dropped, and
 * then: {@code verify} passes, every version is whole (verify reads all), the interrupted command is retried
 * cleanly, and what a writable mount acknowledged with fsync is there. A few cut points by default;
 * {@code DATAFS_POWER_CUTS=N} spreads N over each workload, {@code all} tries every one.
 */
class PowerCutTest {
  @TempDir static Path tmp;
  private static LazyFs lazy;
  private static FuseMount mount;
  private static Path disk;
  private static Path src;
  /** A smaller tree for the workloads that repeat a whole setup at each cut: a file of several chunks, a few more. */
  private static Path small;
  private static int homes;
  private static final List<String> survived = new ArrayList<>();

  @BeforeAll
  static void mountLazyDisk() throws Exception {
    Fuse.require();
    Path backing = Files.createDirectories(tmp.resolve("backing"));
    lazy = new LazyFs(backing, Files.createDirectories(tmp.resolve("graveyard")));
    disk = Files.createDirectories(tmp.resolve("disk"));
    mount = FuseMount.mount(lazy, disk, "lazyfs", Duration.ofSeconds(30));
    src = Trees.sample(tmp.resolve("src"));
    small = tmp.resolve("small");
    Trees.write(small.resolve("data/several-chunks.bin"), Trees.random(5, 3 << 20));
    Trees.write(small.resolve("a/hello world.txt"), "hello\n".getBytes(StandardCharsets.UTF_8));
    Trees.write(small.resolve("empty-file"), new byte[0]);
    for (int i = 0; i < 5; i++) Trees.write(small.resolve("data/" + i + ".dat"), Trees.random(10 + i, 20_000));
  }

  @AfterAll
  static void unmount() {
    if (mount != null) mount.close();
    survived.forEach(System.out::println);
  }

  @Test
  void anImportCutAnywhereIsPublishedWholeOrRetriedCleanly() throws Exception {
    for (long cut : cutPoints(changesOf(d -> d.ok("import", src.toString(), "cats")))) {
      Datafs d = freshHome();
      d.ok("daemon", "status");
      lazy.cutAfter(cut);
      d.run("import", src.toString(), "cats");
      powerCut(d);

      d.ok("verify"); // every version there is whole
      boolean published = d.run("log", "cats", "--json").exit() == 0;
      d.ok("import", src.toString(), "cats"); // retried
      assertTrue(d.ok("ls", "cats", "-R").lines().size() > 3, "the retried import is there");
      survived.add("import cut at change " + cut + ": " + (published ? "published" : "not published, retried"));
      d.stopDaemon();
    }
  }

  @Test
  void configJsonCutAnywhereIsTheOldOrTheNew() throws Exception {
    Path remote = Files.createDirectories(tmp.resolve("remote"));
    long total;
    {
      Datafs d = lazyHome();
      d.ok("remote", "add", "first", remote.toString());
      long before = lazy.changes();
      d.ok("remote", "add", "origin", remote.toString());
      total = lazy.changes() - before;
    }
    for (long cut : cutPoints(total)) {
      Datafs d = lazyHome();
      d.ok("remote", "add", "first", remote.toString());
      lazy.cutAfter(cut);
      d.run("remote", "add", "origin", remote.toString());
      powerCut(d);

      List<String> names = d.ok("remote", "list").lines();
      assertTrue(names.stream().anyMatch(l -> l.contains(" first ")), names.toString());
      survived.add("config.json cut at change " + cut + ": " + names.size() + " remote(s)");
    }
  }

  /** What a writable mount acknowledged with fsync (a file, and a rename made durable by a directory fsync). */
  @Test
  void whatAWritableMountAcknowledgedWithFsyncSurvivesTheCut() throws Exception {
    Datafs d = freshHome();
    Path mnt = Files.createDirectories(tmp.resolve("mnt-rw"));
    byte[] synced = "acknowledged by fsync\n".getBytes(StandardCharsets.UTF_8);
    try {
      d.ok("import", src.toString(), "cats");
      d.ok("mount", "cats", mnt.toString(), "--writable");
      writeAndSync(mnt.resolve("synced.txt"), synced);
      writeAndSync(mnt.resolve("saved.tmp"), synced); // the atomic-save pattern: temp, fsync, rename, fsync dir
      Files.move(mnt.resolve("saved.tmp"), mnt.resolve("saved.txt"), StandardCopyOption.ATOMIC_MOVE);
      syncDir(mnt);
      Files.writeString(mnt.resolve("unsynced.txt"), "may be lost");
      lazy.cutAfter(1);
      try {
        Files.writeString(mnt.resolve("after-the-cut.txt"), "the machine is off");
      } catch (java.io.IOException expected) {
        // EIO: the disk is gone
      }
      powerCut(d);
      Trees.sh("fusermount", "-uz", mnt.toString());

      d.ok("daemon", "status"); // the daemon mounts it again, on its overlay
      assertArrayEquals(synced, read(d, mnt.resolve("synced.txt")));
      assertArrayEquals(synced, read(d, mnt.resolve("saved.txt")));
      d.ok("commit", mnt.toString(), "-m", "after the cut");
      d.ok("verify");
      survived.add("writable mount: the fsynced file and the rename made durable by a directory fsync kept");
    } finally {
      d.run("umount", mnt.toString());
      d.stopDaemon();
      Trees.sh("fusermount", "-uz", mnt.toString());
    }
  }

  /**
   * A writable mount's commit cut anywhere: either published (the version whole, the mount on it, nothing staged) or
   * not (the staged changes all there, and the commit retried cleanly); never half of it.
   */
  @Test
  void aWritableMountsCommitCutAnywhereIsPublishedOrRetriedCleanly() throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt-commit"));
    byte[] changed = Trees.random(3, 300_000);
    long total;
    {
      Datafs d = staged(mnt, changed);
      long before = lazy.changes();
      d.ok("commit", mnt.toString(), "-m", "whole");
      total = lazy.changes() - before;
      d.run("umount", mnt.toString());
      d.stopDaemon();
    }
    for (long cut : cutPoints(total)) {
      Datafs d = staged(mnt, changed);
      try {
        lazy.cutAfter(cut);
        d.run("commit", mnt.toString(), "-m", "cut");
        powerCut(d);
        Trees.sh("fusermount", "-uz", mnt.toString());

        d.ok("daemon", "status"); // the daemon mounts it again, on its overlay
        d.ok("verify");
        boolean published = d.run("ls", "cats@v2").exit() == 0;
        if (!published) d.ok("commit", mnt.toString(), "-m", "retried");
        String status = d.ok("status", mnt.toString()).stdout(); // what the mount shows now is cats@v2 itself
        assertTrue(status.contains("on cats@v2 ") && status.contains("nothing staged"), status);
        assertArrayEquals(changed, read(d, mnt.resolve("new.bin")));
        assertTrue(!Files.exists(mnt.resolve("empty-file")) && Files.exists(mnt.resolve("a/renamed.txt")));
        survived.add("commit cut at change " + cut + ": " + (published ? "published" : "not published, retried"));
      } finally {
        d.run("umount", mnt.toString());
        d.stopDaemon();
        Trees.sh("fusermount", "-uz", mnt.toString());
      }
    }
  }

  /**
   * The chunk cache's files (and the remote's metadata fetched with them) cut anywhere while a mount of a remote reads:
   * after the cut every file reads back exactly, each cache file whole and verified or fetched again, never served
   * wrong.
   */
  @Test
  void theChunkCacheCutAnywhereNeverServesAWrongByte() throws Exception {
    Path remote = Files.createDirectories(tmp.resolve("remote-cache"));
    Datafs writer = new Datafs(Files.createDirectories(tmp.resolve("writer"), Homes700.ATTR));
    writer.ok("remote", "add", "origin", remote.toString());
    writer.ok("import", small.toString(), "cats");
    writer.ok("push");
    writer.stopDaemon();
    Path mnt = Files.createDirectories(tmp.resolve("mnt-cache"));
    long total;
    {
      Datafs d = freshHome();
      d.ok("remote", "add", "origin", remote.toString());
      long before = lazy.changes();
      readAll(d, mnt, remote);
      total = lazy.changes() - before;
      d.run("umount", mnt.toString());
      d.stopDaemon();
    }
    for (long cut : cutPoints(total)) {
      Datafs d = freshHome();
      d.ok("remote", "add", "origin", remote.toString());
      try {
        lazy.cutAfter(cut);
        try {
          readAll(d, mnt, remote);
        } catch (AssertionError | java.io.IOException cutShort) {
          // the disk went away under the mount or the read: what counts is what is read after the cut
        }
        powerCut(d);
        Trees.sh("fusermount", "-uz", mnt.toString());
        d.ok("daemon", "status"); // mounts again what was mounted
        readAll(d, mnt, remote);
        survived.add("chunk cache cut at change " + cut + ": every file read back exactly");
      } finally {
        d.run("umount", mnt.toString());
        d.stopDaemon();
        Trees.sh("fusermount", "-uz", mnt.toString());
      }
    }
  }

  /** Mounts cats from the remote and reads every file of its source through the mount, comparing each. */
  private static void readAll(Datafs d, Path mnt, Path remote) throws Exception {
    if (!FuseMount.isMounted(mnt)) d.ok("mount", "cats", mnt.toString());
    try (var files = Files.walk(small)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(mnt.resolve(small.relativize(f).toString())),
            small.relativize(f) + " from " + remote);
      }
    }
  }

  /** A fresh home with cats@v1 mounted writable at {@code mnt}: a new file, an unlink and a rename, all fsynced. */
  private static Datafs staged(Path mnt, byte[] content) throws Exception {
    Datafs d = freshHome();
    d.ok("import", small.toString(), "cats");
    d.ok("mount", "cats", mnt.toString(), "--writable");
    writeAndSync(mnt.resolve("new.bin"), content);
    Files.delete(mnt.resolve("empty-file"));
    Files.move(mnt.resolve("a/hello world.txt"), mnt.resolve("a/renamed.txt"));
    syncDir(mnt);
    return d;
  }

  private static byte[] read(Datafs d, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new AssertionError(file + ": " + e + "\n" + log(d), e);
    }
  }

  private static String log(Datafs d) {
    try {
      List<String> lines = Files.readAllLines(d.home().resolve("daemon.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (java.io.IOException e) {
      return "no daemon.log: " + e;
    }
  }

  private static void writeAndSync(Path file, byte[] bytes) throws java.io.IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(bytes));
      ch.force(true);
    }
  }

  /** The power goes: the daemon dies with it, then the disk keeps only what was durable. */
  private static void powerCut(Datafs d) throws Exception {
    if (Files.exists(d.home().resolve("daemon.pid"))) d.killDaemon();
    lazy.powerLoss();
  }

  /** How many changes {@code workload} makes on a fresh home whose daemon runs. */
  private static long changesOf(Workload workload) throws Exception {
    Datafs d = freshHome();
    d.ok("daemon", "status");
    long before = lazy.changes();
    workload.run(d);
    long n = lazy.changes() - before;
    d.stopDaemon();
    return n;
  }

  /**
   * Cut points over {@code total} changes: the middle one, and one past the last (the power goes once the command
   * returned: all it acknowledged must be durable); or DATAFS_POWER_CUTS spread evenly (and one past the last); or
   * {@code all}.
   */
  private static TreeSet<Long> cutPoints(long total) {
    String asked = System.getenv().getOrDefault("DATAFS_POWER_CUTS", "1");
    TreeSet<Long> points = new TreeSet<>();
    if (asked.equals("all")) {
      for (long i = 1; i <= total + 1; i++) points.add(i);
    } else {
      int n = Integer.parseInt(asked);
      for (int i = 1; i <= n; i++) points.add(Math.max(1, total * i / (n + 1)));
      points.add(total + 1);
    }
    survived.add(total + " changes; cut points tried: " + points.size());
    return points;
  }

  /**
   * A home whose store (packs, index, overlays, chunk cache) is on the lazy disk. The home itself is not: its control
   * socket cannot be made on a FUSE filesystem whose entries are files, directories and links only.
   */
  private static Datafs freshHome() throws Exception {
    int n = homes++;
    Path home = Files.createDirectories(tmp.resolve("home" + n), Homes700.ATTR);
    for (String dir : List.of("packs", "db", "overlays", "cache")) {
      Files.createSymbolicLink(home.resolve(dir), durableDirs(disk.resolve("store" + n + "/" + dir)));
    }
    return new Datafs(home);
  }

  /** A home that is itself a link to a directory of the lazy disk: what the client alone writes there. */
  private static Datafs lazyHome() throws Exception {
    int n = homes++;
    Path dir = durableDirs(disk.resolve("home" + n));
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    syncDir(dir);
    return new Datafs(Files.createSymbolicLink(tmp.resolve("home" + n), dir));
  }

  /** Creates {@code dir} on the lazy disk and makes it durable, as a setup that ran long before the cut. */
  private static Path durableDirs(Path dir) throws java.io.IOException {
    Files.createDirectories(dir);
    for (Path p = dir; p.startsWith(disk); p = p.getParent()) syncDir(p);
    return dir;
  }

  private static void syncDir(Path dir) throws java.io.IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static final class Homes700 {
    static final java.nio.file.attribute.FileAttribute<?> ATTR = java.nio.file.attribute.PosixFilePermissions
        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  @FunctionalInterface
  private interface Workload {
    void run(Datafs d) throws Exception;
  }
}
