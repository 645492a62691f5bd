package io.datafs.core.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.id.ObjectId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkListTest {
  private final ChunkList list = new ChunkList(List.of(
      new ChunkRef(ObjectId.hash(new byte[] {1}), 1 << 20),
      new ChunkRef(ObjectId.hash(new byte[] {2}), 300_000),
      new ChunkRef(ObjectId.hash(new byte[] {3}), 7)));

  @Test
  void roundTrips() {
    byte[] encoded = list.encode();
    assertEquals(1 + 4 + 3 * 36, encoded.length);
    assertEquals(list, ChunkList.decode(encoded));
    assertEquals(ObjectId.hash(encoded), list.id());
    assertEquals((1 << 20) + 300_000 + 7, list.totalLength());
  }

  @Test
  void encodingIsPinned() {
    byte[] encoded = new ChunkList(List.of(new ChunkRef(ObjectId.EMPTY, 258))).encode();
    assertEquals("0100000001" + ObjectId.EMPTY.hex() + "00000102", java.util.HexFormat.of().formatHex(encoded));
  }

  @Test
  void rejectsMalformedBytes() {
    byte[] good = list.encode();
    assertThrows(IllegalArgumentException.class, () -> ChunkList.decode(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> ChunkList.decode(Arrays.copyOf(good, good.length - 1)));
    assertThrows(IllegalArgumentException.class, () -> ChunkList.decode(Arrays.copyOf(good, good.length + 1)));
    byte[] badVersion = good.clone();
    badVersion[0] = 9;
    assertThrows(IllegalArgumentException.class, () -> ChunkList.decode(badVersion));
    byte[] hugeCount = good.clone();
    hugeCount[1] = (byte) 0x7f;
    assertThrows(IllegalArgumentException.class, () -> ChunkList.decode(hugeCount));
    byte[] zeroLength = good.clone();
    Arrays.fill(zeroLength, good.length - 4, good.length, (byte) 0);
    assertThrows(IllegalArgumentException.class, () -> ChunkList.decode(zeroLength));
  }

  @Test
  void chunksAreNeverEmpty() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkRef(ObjectId.EMPTY, 0));
  }
}
