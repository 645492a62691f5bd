package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void orderIsUnsignedUtf8ByteOrder() {
    Random rnd = new Random(7);
    int[] pool = {'a', 'z', '~', 0x7f, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x1f600, 0x10ffff};
    for (int i = 0; i < 20_000; i++) {
      String a = randomName(rnd, pool);
      String b = randomName(rnd, pool);
      int bytes = Integer.signum(
          Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      assertEquals(bytes, Integer.signum(Names.compare(a, b)), a + " vs " + b);
      assertEquals(a.getBytes(StandardCharsets.UTF_8).length, Names.utf8Length(a));
    }
  }

  @Test
  void refusesWhatATreeCannotHold() {
    for (String bad : new String[] {"", ".", "..", "a/b", "a\0b", "x".repeat(256), "\uFFFD", "\uD800"}) {
      assertThrows(InvalidInputException.class, () -> Names.check(bad), bad);
    }
    assertEquals("é".repeat(127), Names.check("é".repeat(127)));
    assertThrows(InvalidInputException.class, () -> Names.check("é".repeat(128)), "256 bytes");
  }

  private static String randomName(Random rnd, int[] pool) {
    StringBuilder b = new StringBuilder();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) b.appendCodePoint(pool[rnd.nextInt(pool.length)]);
    return b.toString();
  }
}
