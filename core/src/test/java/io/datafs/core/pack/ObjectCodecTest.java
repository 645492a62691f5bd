package io.datafs.core.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ObjectCodecTest {
  private static byte[] roundTrip(byte[] raw, Encoded e) {
    assertEquals(raw.length, e.rawLength());
    byte[] back = ObjectCodec.decode(e.codec(), e.bytes(), e.offset(), e.length(), e.rawLength());
    assertArrayEquals(raw, back);
    return back;
  }

  @Test
  void compressibleDataIsStoredCompressed() {
    for (int size : new int[] {1000, 60 << 10, 1 << 20, 4 << 20}) {
      byte[] raw = TestData.text(size, size);
      Encoded e = ObjectCodec.encode(raw, 0, raw.length);
      assertEquals(Codec.ZSTD, e.codec(), "text of " + size + " bytes");
      assertTrue(e.length() <= 0.9 * size, e.length() + " of " + size);
      roundTrip(raw, e);
    }
  }

  @Test
  void incompressibleDataIsStoredRaw() {
    for (int size : new int[] {1, 100, 60 << 10, 1 << 20}) {
      byte[] raw = TestData.random(size, size);
      Encoded e = ObjectCodec.encode(raw, 0, raw.length);
      assertEquals(Codec.RAW, e.codec());
      assertEquals(size, e.length());
      assertSame(raw, e.bytes(), "raw objects are not copied");
      assertArrayEquals(raw, Arrays.copyOfRange(e.bytes(), e.offset(), e.offset() + e.length()));
      roundTrip(raw, e);
    }
  }

  @Test
  void emptyDataIsStoredRaw() {
    Encoded e = ObjectCodec.encode(new byte[0], 0, 0);
    assertEquals(new Encoded(Codec.RAW, e.bytes(), 0, 0), e);
    assertEquals(0, roundTrip(new byte[0], e).length);
  }

  @Test
  void compressesOnlyWhenThatSavesTenPercent() {
    // 200 symbols carry 7.6 bits a byte: at best a 4.5% saving, not worth it. 64 symbols: 25%.
    for (int size : new int[] {20 << 10, 1 << 20}) {
      assertEquals(Codec.RAW, ObjectCodec.encode(TestData.alphabet(1, size, 200), 0, size).codec());
      assertEquals(Codec.ZSTD, ObjectCodec.encode(TestData.alphabet(1, size, 64), 0, size).codec());
    }
  }

  @Test
  void largeObjectsAreJudgedByASampleFromTheMiddle() {
    int size = 1 << 20;
    byte[] compressibleButRandomMiddle = TestData.text(3, size);
    System.arraycopy(TestData.random(3, 128 << 10), 0, compressibleButRandomMiddle, size / 2 - (64 << 10), 128 << 10);
    assertEquals(Codec.RAW, ObjectCodec.encode(compressibleButRandomMiddle, 0, size).codec());

    byte[] randomButZeroMiddle = TestData.random(4, size);
    Arrays.fill(randomButZeroMiddle, size / 2 - (32 << 10), size / 2 + (32 << 10), (byte) 0); // 6% of it
    // the sample passes, the whole does not save 10%: still raw
    assertEquals(Codec.RAW, ObjectCodec.encode(randomButZeroMiddle, 0, size).codec());
  }

  @Test
  void encodesARangeOfTheArray() {
    byte[] text = TestData.text(5, 10_000);
    byte[] padded = new byte[text.length + 300];
    Arrays.fill(padded, (byte) 0xee);
    System.arraycopy(text, 0, padded, 100, text.length);
    Encoded e = ObjectCodec.encode(padded, 100, text.length);
    assertEquals(Codec.ZSTD, e.codec());
    roundTrip(text, e);

    byte[] stored = new byte[e.length() + 10];
    System.arraycopy(e.bytes(), 0, stored, 7, e.length());
    assertArrayEquals(text, ObjectCodec.decode(Codec.ZSTD, stored, 7, e.length(), text.length));
  }

  @Test
  void decodeRejectsDamagedBytesAndWrongLengths() {
    byte[] raw = TestData.text(6, 50_000);
    Encoded e = ObjectCodec.encode(raw, 0, raw.length);
    byte[] damaged = Arrays.copyOf(e.bytes(), e.length());
    damaged[damaged.length / 2] ^= 0x40;
    damaged[5] ^= 0x11;
    assertThrows(IllegalArgumentException.class,
        () -> ObjectCodec.decode(Codec.ZSTD, damaged, 0, damaged.length, raw.length));
    assertThrows(IllegalArgumentException.class,
        () -> ObjectCodec.decode(Codec.ZSTD, e.bytes(), 0, e.length(), raw.length - 1));
    assertThrows(IllegalArgumentException.class,
        () -> ObjectCodec.decode(Codec.ZSTD, e.bytes(), 0, e.length(), raw.length + 1));
    assertThrows(IllegalArgumentException.class,
        () -> ObjectCodec.decode(Codec.ZSTD, e.bytes(), 0, e.length() - 3, raw.length));
    assertThrows(IllegalArgumentException.class, () -> ObjectCodec.decode(Codec.ZSTD, new byte[] {1, 2, 3}, 0, 3, 10));
    assertThrows(IllegalArgumentException.class, () -> ObjectCodec.decode(Codec.RAW, raw, 0, 100, 101));
  }
}
