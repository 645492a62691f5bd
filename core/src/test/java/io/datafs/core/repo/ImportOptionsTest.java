package io.datafs.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportOptionsTest {
  @Test
  void anEmptyKeyIsRefused() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new ImportOptions("m", "me", Map.of("", "v")));
    assertEquals("invalid metadata '=v': the key is empty", e.getMessage());
  }

  @Test
  void bytesThatWereNotUtf8AreRefusedInKeysAndValues() {
    // What the JVM makes of argv holding the byte 0xff under a UTF-8 locale.
    String decoded = new String(new byte[] {'k', (byte) 0xff}, StandardCharsets.UTF_8);
    for (Map<String, String> bad : List.of(Map.of("k", decoded), Map.of(decoded, "v"))) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ImportOptions("m", "me", bad));
      assertTrue(e.getMessage().endsWith(": not valid UTF-8 (it holds U+FFFD, what bytes that are not UTF-8 are"
          + " read as)"), e.getMessage());
    }
  }

  @Test
  void validMetadataIsKept() {
    assertEquals(Map.of("source", "camera-7", "note", "ünïcödé = fine"),
        new ImportOptions("m", "me", Map.of("source", "camera-7", "note", "ünïcödé = fine")).metadata());
  }
}
