package io.datafs.fs;

import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * A source folder and a store holding it as version 1 of "cats", for tests: nested directories, an empty file, a
 * multi-chunk random file, unicode names, a symlink, an executable, a directory of 5,000 files.
 */
final class TestVersion implements AutoCloseable {
  static final String BIG = "data/big.bin";
  static final int BIG_SIZE = 9 << 20;
  static final int MANY = 5_000;

  final Path source;
  final Path home;
  final Repository repo;
  final Version version;

  private TestVersion(Path source, Path home, Repository repo, Version version) {
    this.source = source;
    this.home = home;
    this.repo = repo;
    this.version = version;
  }

  static TestVersion create(Path dir) throws IOException {
    Path src = dir.resolve("src");
    Random rnd = new Random(42);
    write(src, "a/one.txt", "one\n".getBytes(), "rw-r--r--");
    write(src, "a/b/c/deep.txt", "deep down".getBytes(), "rw-r-----");
    write(src, "empty", new byte[0], "rw-r--r--");
    write(src, BIG, random(rnd, BIG_SIZE), "rw-r--r--");
    write(src, "data/medium.bin", random(rnd, 300_000), "rw-rw-r--");
    write(src, "ünïcødé/日本語.txt", "こんにちは".getBytes(java.nio.charset.StandardCharsets.UTF_8), "rw-r--r--");
    write(src, "emoji 😀.txt", "😀".getBytes(java.nio.charset.StandardCharsets.UTF_8), "rw-------");
    write(src, "run.sh", "#!/bin/sh\necho hi\n".getBytes(), "rwxr-xr-x");
    for (int i = 0; i < MANY; i++) write(src, String.format("many/f%05d", i), new byte[] {(byte) i}, "rw-r--r--");
    Files.createSymbolicLink(src.resolve("link"), Path.of("a/one.txt"));
    // distinct mtimes with nanoseconds, set bottom-up so creating children does not move them again
    long[] t = {1_600_000_000_123_456_789L};
    try (var paths = Files.walk(src)) {
      paths.sorted((x, y) -> y.getNameCount() - x.getNameCount())
          .filter(p -> !Files.isSymbolicLink(p) && !p.equals(src))
          .forEach(p -> setMtime(p, t[0] += 1_000_000_007L));
    }
    return imported(dir, src);
  }

  /** A version of one file. */
  static TestVersion ofOneFile(Path dir, String rel, byte[] content) throws IOException {
    Path src = dir.resolve("src");
    write(src, rel, content, "rw-r--r--");
    return imported(dir, src);
  }

  private static TestVersion imported(Path dir, Path src) {
    Path home = dir.resolve("home");
    Repository repo = Repository.open(home, d -> new MemoryKvStore());
    try {
      repo.importFolder(src, new DatasetName("cats"), new ImportOptions("test", "me", Map.of()), ImportProgress.NONE);
      return new TestVersion(src, home, repo, repo.resolve("cats"));
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  VersionReader reader() {
    return repo.reader(version);
  }

  /** The source file behind an absolute filesystem path. */
  Path sourceOf(String fsPath) {
    return fsPath.equals("/") ? source : source.resolve(fsPath.substring(1));
  }

  @Override
  public void close() {
    repo.close();
  }

  static byte[] random(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private static void write(Path src, String rel, byte[] content, String perms) throws IOException {
    Path p = src.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  private static void setMtime(Path p, long nanos) {
    try {
      Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(0, nanos)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
