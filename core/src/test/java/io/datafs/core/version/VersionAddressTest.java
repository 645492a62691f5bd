package io.datafs.core.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class VersionAddressTest {
  @Test
  void parsesEveryForm() {
    assertEquals(new VersionAddress(new DatasetName("cats"), "latest"), VersionAddress.parse("cats"));
    assertEquals(new VersionAddress(new DatasetName("cats"), "latest"), VersionAddress.parse("cats@latest"));
    assertEquals(3, VersionAddress.parse("cats@v3").number());
    assertEquals(3, VersionAddress.parse("ds:cats.v3").number());
    assertEquals("latest", VersionAddress.parse("ds:cats").selector());
    assertEquals("best", VersionAddress.parse("cats@best").selector());
    assertEquals(-1, VersionAddress.parse("cats@best").number());
    assertEquals(-1, VersionAddress.parse("cats@v1.2.0").number());
  }

  @Test
  void refusesBadNames() {
    assertThrows(InvalidInputException.class, () -> VersionAddress.parse("cats@"));
    assertThrows(InvalidInputException.class, () -> VersionAddress.parse("bad name@v1"));
    assertThrows(InvalidInputException.class, () -> VersionAddress.parse("ds:bad/name.v1"));
    assertThrows(InvalidInputException.class, () -> new DatasetName("x".repeat(129)));
    assertEquals("x".repeat(128), new DatasetName("x".repeat(128)).value());
  }

  @Test
  void tagsCannotShadowVersions() {
    assertThrows(InvalidInputException.class, () -> new TagName("latest"));
    assertThrows(InvalidInputException.class, () -> new TagName("v12"));
    assertThrows(InvalidInputException.class, () -> new TagName("a/b"));
    assertEquals("v1.2.0", new TagName("v1.2.0").value());
  }

  @Test
  void tagsCannotReadAsIdPrefixesOrHoldStrayDots() {
    for (String idLike : new String[] {"beef", "BEEF", "0123", "2024", "DeadBeef00", "a".repeat(64), "f".repeat(100)}) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> new TagName(idLike), idLike);
      assertEquals("invalid tag '" + idLike + "': 4 or more hex digits read as a version id prefix", e.getMessage());
    }
    for (String dots : new String[] {".", "..", "...", ".a", "a.", "a..b", "1.2.", ".1.2"}) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> new TagName(dots), dots);
      assertEquals("invalid tag '" + dots + "': use 1 to 128 of A-Z a-z 0-9 _ -, with single dots between them",
          e.getMessage());
    }
    assertThrows(InvalidInputException.class, () -> new TagName(""));
    assertThrows(InvalidInputException.class, () -> new TagName("x".repeat(129)));
    String longest = "x".repeat(128);
    for (String ok : new String[] {"1.2.0", "abc", "beefy", "0x1234", "release-1", "rc_2", "2024-01-31", longest}) {
      assertEquals(ok, new TagName(ok).value());
    }
  }
}
