package io.datafs.core.pack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what checking chunks on the mount's read path costs; asserts nothing. Run with
 * {@code mvn -pl core -Dtest=Crc32cPerfTest -Dgroups=perf -DexcludedTestGroups= test}.
 *
 * <p>A mount serves a local chunk by copying it from the mapped pack into libfuse's reply buffer, 128 KiB a read.
 * Checked once per open file, each chunk's CRC32C is taken over the whole chunk the first time the open file reads it:
 * one more pass per byte served. Checked at every FUSE read, each read must take the CRC32C of its whole chunk (the
 * CRC covers the chunk): chunk size / 128 KiB passes per byte served. A chunk cache file is checked by reading it into
 * a buffer and taking its CRC32C. The pack is larger than the CPU's caches, as a dataset is.
 */
@Tag("perf")
class Crc32cPerfTest {
  static final int FUSE_READ = 128 << 10;
  static final int PACK = 512 << 20;
  @TempDir Path tmp;

  @Test
  void whatCheckingChunksCostsOnTheReadPath() throws IOException {
    Path pack = tmp.resolve("pack");
    try (FileChannel ch = FileChannel.open(pack, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < PACK >> 20; i++) ch.write(ByteBuffer.wrap(TestData.random(i, 1 << 20)));
    }
    ByteBuffer mapped;
    try (FileChannel ch = FileChannel.open(pack, StandardOpenOption.READ)) {
      mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
    ByteBuffer reply = ByteBuffer.allocateDirect(FUSE_READ);
    for (int round = 0; round < 3; round++) {
      for (int chunk : new int[] {1 << 20, 4 << 20}) {
        double copy = seconds(() -> serve(mapped, reply, chunk, Check.NONE));
        double open = seconds(() -> serve(mapped, reply, chunk, Check.PER_OPEN));
        double read = seconds(() -> serve(mapped, reply, chunk, Check.PER_READ));
        double gib = PACK / (double) (1L << 30);
        System.out.printf("%d MiB chunks, 128 KiB reads from a mapped pack: copy only %.2f GB/s; checked once per open "
            + "%.2f GB/s (+%.3f s CPU per GiB, %.2fx); at every read %.2f GB/s (+%.3f s CPU per GiB, %.2fx)%n",
            chunk >> 20, PACK / 1e9 / copy, PACK / 1e9 / open, (open - copy) / gib, open / copy,
            PACK / 1e9 / read, (read - copy) / gib, read / copy);
      }
      double crcOnly = seconds(() -> {
        for (int at = 0; at < PACK; at += 1 << 20) crc(mapped.slice(at, 1 << 20));
      });
      System.out.printf("CRC32C alone over 1 MiB chunks of the mapped pack: %.1f GB/s%n", PACK / 1e9 / crcOnly);
    }
    Path cacheFile = tmp.resolve("cached-chunk");
    Files.write(cacheFile, TestData.random(9, 1 << 20));
    ByteBuffer into = ByteBuffer.allocateDirect(1 << 20);
    double file = seconds(() -> {
      for (int i = 0; i < PACK >> 20; i++) crcOfFile(cacheFile, into);
    });
    System.out.printf("a 1 MiB chunk cache file checked (open, pread into a direct buffer, CRC32C): %.1f GB/s, "
        + "%.3f s CPU per GiB%n", PACK / 1e9 / file, file / (PACK / (double) (1L << 30)));
  }

  enum Check { NONE, PER_OPEN, PER_READ }

  /** Serves the whole pack as chunks of {@code chunk} bytes in reads of 128 KiB, checked as {@code check} says. */
  private static void serve(ByteBuffer mapped, ByteBuffer reply, int chunk, Check check) {
    for (int start = 0; start < PACK; start += chunk) {
      ByteBuffer view = mapped.slice(start, chunk);
      if (check == Check.PER_OPEN) crc(view);
      for (int from = 0; from < chunk; from += FUSE_READ) {
        if (check == Check.PER_READ) crc(view);
        reply.clear();
        reply.put(view.slice(from, FUSE_READ));
      }
    }
  }

  private static double seconds(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static int sink;

  private static void crc(ByteBuffer b) {
    CRC32C c = new CRC32C();
    c.update(b.duplicate());
    sink += (int) c.getValue();
  }

  private static void crcOfFile(Path f, ByteBuffer into) {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      into.clear();
      while (into.hasRemaining() && ch.read(into, into.position()) > 0) {
        // until the buffer is full or the file ends
      }
      crc(into.flip());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
