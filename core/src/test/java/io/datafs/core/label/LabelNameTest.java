package io.datafs.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelNameTest {
  @Test
  void labelsAreOneTo64OfLettersDigitsUnderscoreAndDash() {
    for (String ok : List.of("cat", "C", "0", "_", "-", "needs-review", "split_2024", "x".repeat(64))) {
      assertEquals(ok, new LabelName(ok).value());
    }
  }

  @Test
  void anythingElseIsRefusedInOneLineNamingTheLabelAndTheAllowedCharacters() {
    for (String bad : List.of("", "x".repeat(65), "two words", "a.b", "a/b", "chat\u00e9", "tab\t", "a:b", "*")) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> new LabelName(bad), bad);
      assertEquals("invalid label '" + bad.replace('\t', '?') + "': use 1 to 64 of A-Z a-z 0-9 _ -", e.getMessage());
    }
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> new LabelName("line\nbreak"));
    assertEquals("invalid label 'line?break': use 1 to 64 of A-Z a-z 0-9 _ -", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> new LabelName("y".repeat(10_000)));
    assertFalse(e.getMessage().length() > 300, "a huge name is cut short in the message: " + e.getMessage().length());
    assertThrows(InvalidInputException.class, () -> new LabelName(null));
  }
}
