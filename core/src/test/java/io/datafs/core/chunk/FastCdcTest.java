package io.datafs.core.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.id.ObjectId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastCdcTest {
  static final ChunkerParams SMALL = new ChunkerParams(ChunkerParams.FASTCDC, 2 << 10, 8 << 10, 32 << 10);
  private static final FastCdc DEFAULT = new FastCdc(ChunkerParams.DEFAULT);

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Chunk lengths of a whole array, as a caller cuts them: all remaining bytes offered each time. */
  static List<Integer> cuts(FastCdc cdc, byte[] data) {
    List<Integer> lengths = new ArrayList<>();
    for (int off = 0; off < data.length; ) {
      int len = cdc.cut(data, off, data.length - off);
      lengths.add(len);
      off += len;
    }
    return lengths;
  }

  @Test
  void gearTableIsPinned() {
    // First 8 bytes of SHA-256("datafs-gear-0") and ("datafs-gear-255"): the table is on-disk format.
    assertEquals(ObjectId.hash("datafs-gear-0".getBytes()).hex().substring(0, 16),
        String.format("%016x", FastCdc.gear(0)));
    assertEquals(ObjectId.hash("datafs-gear-255".getBytes()).hex().substring(0, 16),
        String.format("%016x", FastCdc.gear(255)));
    assertEquals(GOLDEN_GEAR_0, FastCdc.gear(0));
  }

  @Test
  void cutPointsArePinned() {
    // If this fails, chunk boundaries changed: every existing store would stop deduplicating against new data.
    assertEquals(GOLDEN_DEFAULT_CUTS, cuts(DEFAULT, random(42, 16 << 20)));
    assertEquals(GOLDEN_SMALL_CUTS_HASH, hashOf(cuts(new FastCdc(SMALL), random(7, 1 << 20))));
  }

  @Test
  void unrolledLoopMatchesTheByteAtATimeRule() {
    Random r = new Random(11);
    for (int round = 0; round < 300; round++) {
      int min = 64 + r.nextInt(200);
      int avg = Integer.highestOneBit(min) << (1 + r.nextInt(3));
      ChunkerParams p = new ChunkerParams(ChunkerParams.FASTCDC, min, avg, avg * (1 + r.nextInt(4)) + r.nextInt(3));
      byte[] data = random(round, r.nextInt(4 * p.max()));
      int off = r.nextInt(data.length / 2 + 1);
      int len = data.length - off;
      assertEquals(referenceCut(p, data, off, len), new FastCdc(p).cut(data, off, len), "params " + p);
    }
  }

  /** The cut rule written as plainly as possible. */
  private static int referenceCut(ChunkerParams p, byte[] data, int off, int len) {
    if (len <= p.min()) return len;
    int end = Math.min(len, p.max());
    int bits = Integer.numberOfTrailingZeros(p.avg());
    long h = 0;
    for (int i = p.min(); i < end; i++) {
      h = (h << 1) + FastCdc.gear(data[off + i] & 0xff);
      int topBits = i < p.avg() ? bits + 2 : bits - 2;
      if (h >>> (64 - topBits) == 0) return i + 1;
    }
    return end;
  }

  @Test
  void chunksStayWithinBoundsExceptTheLast() {
    for (ChunkerParams p : List.of(SMALL, ChunkerParams.DEFAULT)) {
      List<Integer> lengths = cuts(new FastCdc(p), random(1, 24 << 20));
      for (int i = 0; i < lengths.size() - 1; i++) {
        int len = lengths.get(i);
        assertTrue(len >= p.min() && len <= p.max(), "chunk " + i + " has " + len + " bytes");
      }
      assertEquals(24 << 20, lengths.stream().mapToLong(Integer::longValue).sum());
    }
  }

  @Test
  void averageChunkSizeIsNearTheTarget() {
    for (ChunkerParams p : List.of(SMALL, ChunkerParams.DEFAULT)) {
      List<Integer> lengths = cuts(new FastCdc(p), random(2, 32 << 20));
      double mean = (32 << 20) / (double) lengths.size();
      assertTrue(mean >= p.avg() / 2.0 && mean <= p.avg() * 2.0, "mean chunk " + mean + " for avg " + p.avg());
    }
  }

  @Test
  void shortInputIsOneChunk() {
    byte[] data = random(3, 1000);
    assertEquals(1000, DEFAULT.cut(data, 0, 1000));
    assertEquals(0, DEFAULT.cut(data, 0, 0));
    int min = ChunkerParams.DEFAULT.min();
    assertEquals(min, DEFAULT.cut(new byte[min], 0, min));
  }

  @Test
  void zerosGiveMaxSizeChunks() {
    int max = ChunkerParams.DEFAULT.max();
    assertEquals(List.of(max, max, max, 100), cuts(DEFAULT, new byte[3 * max + 100]));
  }

  @Test
  void cutDependsOnlyOnTheBytesFromOffset() {
    byte[] data = random(4, 12 << 20);
    byte[] shifted = new byte[data.length + 17];
    System.arraycopy(data, 0, shifted, 17, data.length);
    assertEquals(DEFAULT.cut(data, 0, data.length), DEFAULT.cut(shifted, 17, data.length));
  }

  @Test
  void insertingOneByteChangesOnlyNearbyChunks() {
    byte[] original = random(5, 24 << 20);
    byte[] edited = new byte[original.length + 1];
    int middle = original.length / 2;
    System.arraycopy(original, 0, edited, 0, middle);
    edited[middle] = 0x5a;
    System.arraycopy(original, middle, edited, middle + 1, original.length - middle);

    Set<ObjectId> before = new HashSet<>(chunkIds(original));
    List<ObjectId> after = chunkIds(edited);
    long changed = after.stream().filter(id -> !before.contains(id)).count();
    assertTrue(after.size() >= 10, "expected many chunks, got " + after.size());
    assertTrue(changed >= 1 && changed <= 2, changed + " of " + after.size() + " chunks changed");
  }

  private static List<ObjectId> chunkIds(byte[] data) {
    List<ObjectId> ids = new ArrayList<>();
    int off = 0;
    for (int len : cuts(DEFAULT, data)) {
      ids.add(ObjectId.hash(data, off, len));
      off += len;
    }
    return ids;
  }

  private static String hashOf(List<Integer> lengths) {
    ByteBuffer b = ByteBuffer.allocate(4 * lengths.size());
    lengths.forEach(b::putInt);
    return ObjectId.hash(b.array()).hex();
  }

  private static final long GOLDEN_GEAR_0 = 172951901173737163L;
  private static final List<Integer> GOLDEN_DEFAULT_CUTS = List.of(
      1370047, 1591348, 1663180, 1512166, 413347, 655348, 1384724, 1777585, 1125353, 866698, 1200675, 720018, 1365190,
      1131537);
  private static final String GOLDEN_SMALL_CUTS_HASH =
      "cb3bffbd1cbbe8a3be45df25dbf9eb334112b521f75f6a5b48417a03ff999bce";
}
