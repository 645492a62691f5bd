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
}
