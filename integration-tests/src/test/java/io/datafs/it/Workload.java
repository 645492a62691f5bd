package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A seeded random sequence of file operations applied to two trees at once through the JDK's file API: a writable
 * mount and a plain reference directory. Each step picks an operation that is valid on the reference (the mount
 * must then accept it too) and returns what it did, so a failure names the seed and the steps to replay.
 */
final class Workload {
  private static final String[] NAMES = {"a", "b.txt", "data.bin", "ünï", "sp ace", "日本", "x-1", "z"};
  private static final String[] FILE_MODES = {"rw-r--r--", "rw-------", "rwxr-xr-x", "r--r--r--"};
  private static final String[] DIR_MODES = {"rwxr-xr-x", "rwx------", "rwxr-x---"};

  private final Random rnd;
  private final Path ref;
  private final Path mnt;
  private final List<String> done = new ArrayList<>();
  private int created;

  Workload(long seed, Path ref, Path mnt) {
    this.rnd = new Random(seed);
    this.ref = ref;
    this.mnt = mnt;
  }

  /** What was done so far, one step per line. */
  String history() {
    return String.join("\n", done);
  }

  /** One operation on both trees; returns its description. */
  String step() throws IOException {
    List<String> files = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    List<String> links = new ArrayList<>();
    scan(files, dirs, links);
    String op;
    int pick = rnd.nextInt(100);
    if (pick < 18 || files.isEmpty()) op = create(dirs);
    else if (pick < 32) op = overwrite(pick(files));
    else if (pick < 40) op = append(pick(files));
    else if (pick < 48) op = truncate(pick(files));
    else if (pick < 55) op = unlink(pick(rnd.nextInt(4) == 0 && !links.isEmpty() ? links : files));
    else if (pick < 62) op = mkdir(dirs);
    else if (pick < 67) op = rmdir(dirs);
    else if (pick < 78) op = renameFile(pick(files), dirs, files);
    else if (pick < 85) op = renameDir(dirs);
    else if (pick < 92) op = chmod(rnd.nextBoolean() || dirs.size() < 2 ? pick(files)
        : pick(dirs.subList(1, dirs.size())));
    else if (pick < 96) op = touch(pick(files));
    else op = symlink(dirs, files);
    done.add(op);
    return op;
  }

  /** Path -> kind, permissions, size and content hash (or link target): mtimes differ by when each side wrote. */
  static SortedMap<String, String> describe(Path root) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(root)) continue;
        String rel = root.relativize(p).toString();
        String perms = Files.isSymbolicLink(p) ? ""
            : PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        if (Files.isSymbolicLink(p)) out.put(rel, "link -> " + Files.readSymbolicLink(p));
        else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.put(rel, "dir " + perms);
        else out.put(rel, "file " + perms + " " + Files.size(p) + " " + Trees.sha256(p));
      }
    }
    return out;
  }

  void assertSame(String when) throws IOException {
    assertEquals(describe(ref), describe(mnt), () -> when + "\nsteps so far:\n" + history());
  }

  // ---- operations

  private String create(List<String> dirs) throws IOException {
    String path = fresh(pick(dirs));
    byte[] content = content();
    both(root -> Files.write(root.resolve(path), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    return "create " + path + " (" + content.length + " bytes)";
  }

  private String overwrite(String path) throws IOException {
    long size = Files.size(ref.resolve(path));
    long at = (long) (rnd.nextDouble() * (size + 2000));
    byte[] content = new byte[1 + rnd.nextInt(100_000)];
    rnd.nextBytes(content);
    both(root -> {
      try (FileChannel ch = FileChannel.open(root.resolve(path), StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) ch.write(b, at + b.position());
      }
    });
    return "write " + content.length + " bytes at " + at + " of " + path;
  }

  private String append(String path) throws IOException {
    byte[] content = content();
    both(root -> Files.write(root.resolve(path), content, StandardOpenOption.APPEND));
    return "append " + content.length + " bytes to " + path;
  }

  private String truncate(String path) throws IOException {
    long size = (long) (rnd.nextDouble() * 1.5 * Files.size(ref.resolve(path)));
    both(root -> {
      try (FileChannel ch = FileChannel.open(root.resolve(path), StandardOpenOption.WRITE)) {
        if (size < ch.size()) ch.truncate(size);
        else if (size > ch.size()) ch.write(ByteBuffer.allocate(1), size - 1);
      }
    });
    return "truncate " + path + " to " + size;
  }

  private String unlink(String path) throws IOException {
    both(root -> Files.delete(root.resolve(path)));
    return "unlink " + path;
  }

  private String mkdir(List<String> dirs) throws IOException {
    String path = fresh(pick(dirs));
    both(root -> Files.createDirectory(root.resolve(path)));
    return "mkdir " + path;
  }

  private String rmdir(List<String> dirs) throws IOException {
    List<String> empty = new ArrayList<>();
    for (String d : dirs) {
      if (d.isEmpty()) continue;
      try (Stream<Path> s = Files.list(ref.resolve(d))) {
        if (s.findAny().isEmpty()) empty.add(d);
      }
    }
    if (empty.isEmpty()) return mkdir(dirs);
    String path = pick(empty);
    both(root -> Files.delete(root.resolve(path)));
    return "rmdir " + path;
  }

  private String renameFile(String path, List<String> dirs, List<String> files) throws IOException {
    String to = rnd.nextInt(4) == 0 ? pick(files) : fresh(pick(dirs));
    if (to.equals(path)) to = fresh(pick(dirs));
    String target = to;
    both(root -> Files.move(root.resolve(path), root.resolve(target),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    return "rename " + path + " -> " + target;
  }

  private String renameDir(List<String> dirs) throws IOException {
    List<String> movable = dirs.stream().filter(d -> !d.isEmpty()).toList();
    if (movable.isEmpty()) return mkdir(dirs);
    String path = pick(movable);
    List<String> into = dirs.stream().filter(d -> !d.equals(path) && !d.startsWith(path + "/")).toList();
    String to = fresh(pick(into));
    both(root -> Files.move(root.resolve(path), root.resolve(to)));
    return "rename dir " + path + " -> " + to;
  }

  private String chmod(String path) throws IOException {
    boolean dir = Files.isDirectory(ref.resolve(path), LinkOption.NOFOLLOW_LINKS);
    String perms = dir ? DIR_MODES[rnd.nextInt(DIR_MODES.length)] : FILE_MODES[rnd.nextInt(FILE_MODES.length)];
    both(root -> Files.setPosixFilePermissions(root.resolve(path), PosixFilePermissions.fromString(perms)));
    return "chmod " + perms + " " + path;
  }

  private String touch(String path) throws IOException {
    FileTime t = FileTime.from(1_700_000_000_000_000_000L + rnd.nextInt(1_000_000), TimeUnit.NANOSECONDS);
    both(root -> Files.setLastModifiedTime(root.resolve(path), t));
    return "touch " + path;
  }

  private String symlink(List<String> dirs, List<String> files) throws IOException {
    String dir = pick(dirs);
    String link = fresh(dir);
    Path target = files.isEmpty() ? Path.of("missing") : ref.resolve(dir).relativize(ref.resolve(pick(files)));
    both(root -> Files.createSymbolicLink(root.resolve(link), target));
    return "symlink " + link + " -> " + target;
  }

  // ---- helpers

  private interface Op {
    void apply(Path root) throws IOException;
  }

  /** The reference first (the step is valid there), then the mount, which must accept it too. */
  private void both(Op op) throws IOException {
    op.apply(ref);
    op.apply(mnt);
  }

  /** Lists the reference: the root ("", whose mode is not versioned) is the first directory. */
  private void scan(List<String> files, List<String> dirs, List<String> links) throws IOException {
    dirs.add("");
    try (Stream<Path> s = Files.walk(ref)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(ref)) continue;
        String rel = ref.relativize(p).toString();
        if (Files.isSymbolicLink(p)) links.add(rel);
        else if (Files.isDirectory(p)) dirs.add(rel);
        else files.add(rel);
      }
    }
  }

  private String fresh(String dir) {
    String name = NAMES[rnd.nextInt(NAMES.length)] + "-" + (created++);
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  private byte[] content() {
    int size = rnd.nextInt(20) == 0 ? 1_000_000 + rnd.nextInt(2_500_000) : rnd.nextInt(200_000);
    byte[] b = new byte[size];
    rnd.nextBytes(b);
    return b;
  }

  private <T> T pick(List<T> from) {
    return from.get(rnd.nextInt(from.size()));
  }
}
