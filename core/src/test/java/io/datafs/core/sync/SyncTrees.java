package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Sample folders for sync tests, and comparing what two stores export. */
final class SyncTrees {
  private SyncTrees() {}

  static Path sample(Path root) throws IOException {
    write(root.resolve("a/hello.txt"), "hello\n".getBytes());
    write(root.resolve("a/b/deep.txt"), "deep\n".getBytes());
    write(root.resolve("empty"), new byte[0]);
    Files.createDirectories(root.resolve("empty-dir"));
    write(root.resolve("data/big.bin"), random(1, 3 << 20)); // several chunks: a chunk list
    for (int i = 0; i < 20; i++) write(root.resolve("data/small/" + i + ".dat"), random(10 + i, 500 + 37 * i));
    Files.createSymbolicLink(root.resolve("a/link"), Path.of("b/deep.txt"));
    Files.setPosixFilePermissions(root.resolve("a/hello.txt"), PosixFilePermissions.fromString("rwx------"));
    return root;
  }

  static void write(Path p, byte[] b) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, b);
  }

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void assertSameExport(Repository a, Repository b, String address, Path tmp) throws IOException {
    Path x = tmp.resolve("export-a-" + System.nanoTime());
    Path y = tmp.resolve("export-b-" + System.nanoTime());
    a.export(a.resolve(address), x);
    b.export(b.resolve(address), y);
    assertEquals(describe(x), describe(y));
  }

  static SortedMap<String, String> describe(Path root) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) out.put(rel, "link " + Files.readSymbolicLink(p));
        else if (Files.isDirectory(p)) out.put(rel, "dir "
            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        else out.put(rel, "file "
            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))
            + " " + Files.getLastModifiedTime(p) + " " + java.util.Arrays.hashCode(Files.readAllBytes(p)));
      }
    }
    return out;
  }
}
