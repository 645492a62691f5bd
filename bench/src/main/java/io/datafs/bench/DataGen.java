package io.datafs.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Generates benchmark folders from a seed, so every run measures the same bytes. */
final class DataGen {
  private DataGen() {}

  /** {@code files} files of about {@code avgSize} bytes spread over {@code dirs} directories, plus big files. */
  static void mix(Path root, int files, int avgSize, int dirs, int bigFiles, long bigSize) throws IOException {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < files; i++) {
      int size = avgSize / 2 + rnd.nextInt(avgSize);
      write(root.resolve("dir" + (i % dirs)).resolve(String.format("img_%06d.jpg", i)), rnd, size);
    }
    for (int i = 0; i < bigFiles; i++) write(root.resolve("big").resolve("shard_" + i + ".bin"), rnd, bigSize);
  }

  /** One flat directory of {@code n} tiny, distinct files. */
  static void flat(Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < n; i++) {
      Files.writeString(dir.resolve(String.format("f%07d.txt", i)), "entry " + i + "\n");
    }
  }

  /** {@code dirs} directories of {@code perDir} tiny, distinct files each. */
  static void tree(Path root, int dirs, int perDir) throws IOException {
    for (int d = 0; d < dirs; d++) {
      Path dir = root.resolve(String.format("d%04d", d));
      Files.createDirectories(dir);
      for (int i = 0; i < perDir; i++) {
        Files.writeString(dir.resolve(String.format("f%05d.txt", i)), "entry " + d + "/" + i + "\n");
      }
    }
  }

  static void write(Path file, SplittableRandom rnd, long size) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        int n = (int) Math.min(buf.length, left);
        for (int i = 0; i < n; i += 8) {
          long v = rnd.nextLong();
          for (int j = 0; j < 8 && i + j < n; j++) buf[i + j] = (byte) (v >>> (8 * j));
        }
        out.write(buf, 0, n);
        left -= n;
      }
    }
  }
}
