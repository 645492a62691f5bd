package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or missing content is EIO: a read never returns bytes that are not the file's. */
class CorruptStoreTest {
  static final String BIG = "/" + TestVersion.BIG;
  @TempDir Path tmp;
  TestVersion tv;
  byte[] want;

  @BeforeEach
  void importSource() throws Exception {
    tv = TestVersion.create(tmp);
    want = Files.readAllBytes(tv.sourceOf(BIG));
  }

  @AfterEach
  void closeStore() {
    tv.close();
  }

  @Test
  void aFlippedByteInAChunkIsEioNeverWrongBytes() throws Exception {
    Path pack = largestPack();
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
      long middle = f.length() / 2;
      f.seek(middle);
      int b = f.read();
      f.seek(middle);
      f.write(b ^ 0x40);
    }
    try (DatasetFileSystem fs = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20))) {
      int failures = readEverythingExpectingEio(fs);
      assertTrue(failures > 0, "the damaged chunk was noticed");
      // a failed load is not cached: reading again fails again
      assertEquals(failures, readEverythingExpectingEio(fs));
    }
  }

  @Test
  void aMissingPackIsEio() throws Exception {
    Files.delete(largestPack());
    try (DatasetFileSystem fs = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20))) {
      long h = fs.open(BIG, 0);
      FsException e = assertThrows(FsException.class, () -> fs.read(h, 0, ByteBuffer.allocate(4096)));
      assertEquals(Errno.EIO, e.errno(), e.getMessage());
      assertEquals(Errno.ENOENT, assertThrows(FsException.class, () -> fs.getattr("/gone")).errno());
    }
  }

  /** Reads the big file in 128 KiB pieces; every piece is right or EIO. Returns how many were EIO. */
  private int readEverythingExpectingEio(DatasetFileSystem fs) {
    long h = fs.open(BIG, 0);
    int failures = 0;
    int step = 131_072;
    for (int off = 0; off < want.length; off += step) {
      byte[] dst = new byte[step];
      try {
        int n = fs.read(h, off, ByteBuffer.wrap(dst, 0, step));
        assertEquals(Math.min(step, want.length - off), n);
        assertArrayEquals(Arrays.copyOfRange(want, off, off + n), Arrays.copyOf(dst, n), "read at " + off);
      } catch (FsException e) {
        assertEquals(Errno.EIO, e.errno(), e.getMessage());
        failures++;
      }
    }
    fs.release(h);
    return failures;
  }

  /** The largest pack holds the big file's chunks. */
  private Path largestPack() throws Exception {
    try (Stream<Path> packs = Files.walk(tv.home.resolve("packs"))) {
      return packs.filter(Files::isRegularFile).max(Comparator.comparingLong(CorruptStoreTest::size)).orElseThrow();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
