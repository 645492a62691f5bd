package io.datafs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackReader;
import io.datafs.core.testing.Damage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or missing content is EIO: a read never returns bytes that are not the file's. */
class CorruptStoreTest {
  static final String BIG = "/" + TestVersion.BIG;
  static final int STEP = 131_072;
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
    Damage.flipByte(pack, Files.size(pack) / 2);
    try (DatasetFileSystem fs = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20))) {
      int failures = readEverythingExpectingEio(fs);
      assertTrue(failures > 0, "the damaged chunk was noticed");
      // a failed load is not cached: reading again fails again
      assertEquals(failures, readEverythingExpectingEio(fs));
    }
  }

  @Test
  void aByteFlippedAfterTheDaemonReadAChunkIsEioAtTheNextOpenLoggedOnce() throws Exception {
    Path pack = largestPack();
    try (CapturedLog log = new CapturedLog();
         DatasetFileSystem fs = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20));
         DatasetFileSystem again = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20))) {
      assertEquals(0, readEverythingExpectingEio(fs), "intact: every byte reads");
      long at = Files.size(pack) / 2;
      Damage.flipByte(pack, at); // the mapping the daemon read through sees it, as a disk's damage would show
      PackEntry damaged;
      try (PackReader r = PackReader.open(pack)) {
        damaged = r.entries().stream().filter(e -> e.offset() <= at && at < e.offset() + e.storedLength())
            .findFirst().orElseThrow();
      }

      int pieces = piecesOf(damaged.id());
      assertEquals(pieces, readEverythingExpectingEio(fs), "a new open of the same filesystem checks again");
      assertEquals(pieces, readEverythingExpectingEio(again), "so does one of another mount of the same daemon");
      List<String> lines = log.lines();
      assertEquals(2, lines.size(), "one line per open that met the damage: " + lines);
      for (String line : lines) {
        assertTrue(line.startsWith("SEVERE cats@v1:" + BIG + ": object " + damaged.id() + " in pack file " + pack),
            line);
        assertTrue(line.endsWith("is corrupt (CRC32C mismatch); the read answers EIO"), line);
      }
    }
  }

  // What a read-only mount does: no open, reads by path; a file read is served as checked for a minute at most.
  @Test
  void aByteFlippedAfterAReadByPathIsEioOnceTheFilesCheckExpiredLoggedOnce() throws Exception {
    Path pack = largestPack();
    AtomicLong nanos = new AtomicLong();
    try (CapturedLog log = new CapturedLog();
         DatasetFileSystem fs = new DatasetFileSystem(tv.reader(), new ChunkCache(64 << 20),
        DatasetFileSystem.DENTRY_CAPACITY, nanos::get)) {
      assertEquals(0, readByPathExpectingEio(fs), "intact: every byte reads");
      Damage.flipByte(pack, Files.size(pack) / 2);
      nanos.addAndGet(DatasetFileSystem.RECHECK_AFTER.toNanos() + 1);
      int failures = readByPathExpectingEio(fs);
      assertTrue(failures > 0, "the file's chunks were checked again");
      assertEquals(failures, readByPathExpectingEio(fs), "and stay EIO");
      List<String> lines = log.lines();
      assertEquals(1, lines.size(), "one line for the reads that met the damage while the file was kept: " + lines);
    }
  }

  /** The lines the filesystem logs while it is open: level and message. */
  private static final class CapturedLog extends Handler implements AutoCloseable {
    private final Logger jul = Logger.getLogger("datafs.fs"); // System.Logger's backend here; held, so it stays
    private final List<String> lines = new ArrayList<>();

    CapturedLog() {
      jul.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord r) {
      lines.add(r.getLevel() + " " + r.getMessage());
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      jul.removeHandler(this);
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
    int step = STEP;
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

  /** {@link #readEverythingExpectingEio} by path, with no handle, as a read-only mount reads. */
  private int readByPathExpectingEio(DatasetFileSystem fs) {
    int failures = 0;
    for (int off = 0; off < want.length; off += STEP) {
      byte[] dst = new byte[STEP];
      try {
        int n = fs.read(BIG, off, ByteBuffer.wrap(dst, 0, STEP));
        assertEquals(Math.min(STEP, want.length - off), n);
        assertArrayEquals(Arrays.copyOfRange(want, off, off + n), Arrays.copyOf(dst, n), "read at " + off);
      } catch (FsException e) {
        assertEquals(Errno.EIO, e.errno(), e.getMessage());
        failures++;
      }
    }
    return failures;
  }

  /** How many of the 128 KiB pieces {@link #readEverythingExpectingEio} reads hold bytes of chunk {@code id}. */
  private int piecesOf(ObjectId id) {
    long start = 0;
    var data = tv.reader().lookup(tv.reader().root(), "data").orElseThrow();
    for (ChunkRef c : tv.reader().chunks(tv.reader().lookup(data, "big.bin").orElseThrow())) {
      if (c.id().equals(id)) return (int) ((start + c.length() - 1) / STEP - start / STEP + 1);
      start += c.length();
    }
    throw new AssertionError("no chunk " + id + " in " + BIG);
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
