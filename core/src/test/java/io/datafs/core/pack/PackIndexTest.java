package io.datafs.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PackIndexTest {
  private final List<PackEntry> entries = IntStream.range(0, 5)
      .mapToObj(i -> new PackEntry(ObjectId.hash(new byte[] {(byte) i}), ObjectType.values()[i % 3],
          Codec.values()[i % 2], 1000L * i + 52, 900 + i, 1800 + i, 0x9E3779B1 * i))
      .sorted(Comparator.comparing(PackEntry::id))
      .toList();

  @Test
  void roundTrips() {
    byte[] bytes = PackIndex.encode(entries);
    assertEquals(4 + 54 * entries.size(), bytes.length);
    assertEquals(entries, PackIndex.decode(bytes));
    assertEquals(List.of(), PackIndex.decode(PackIndex.encode(List.of())));
  }

  @Test
  void refusesUnsortedOrRepeatedEntries() {
    List<PackEntry> reversed = new ArrayList<>(entries);
    Collections.reverse(reversed);
    assertThrows(IllegalArgumentException.class, () -> PackIndex.encode(reversed));
    assertThrows(IllegalArgumentException.class, () -> PackIndex.encode(List.of(entries.get(0), entries.get(0))));
  }

  @Test
  void rejectsMalformedBytes() {
    byte[] good = PackIndex.encode(entries);
    assertThrows(IllegalArgumentException.class, () -> PackIndex.decode(new byte[3]));
    assertThrows(IllegalArgumentException.class, () -> PackIndex.decode(Arrays.copyOf(good, good.length - 1)));
    assertThrows(IllegalArgumentException.class, () -> PackIndex.decode(Arrays.copyOf(good, good.length + 50)));
    byte[] badType = good.clone();
    badType[4 + 32] = 9;
    assertThrows(IllegalArgumentException.class, () -> PackIndex.decode(badType));
    byte[] badCodec = good.clone();
    badCodec[4 + 33] = 9;
    assertThrows(IllegalArgumentException.class, () -> PackIndex.decode(badCodec));
    byte[] swapped = good.clone();
    System.arraycopy(good, 4, swapped, 4 + 50, 50);
    System.arraycopy(good, 4 + 50, swapped, 4, 50);
    assertThrows(IllegalArgumentException.class, () -> PackIndex.decode(swapped));
    byte[] negativeOffset = good.clone();
    negativeOffset[4 + 34] = (byte) 0x80;
    assertThrows(IllegalArgumentException.class, () -> PackIndex.decode(negativeOffset));
  }
}
