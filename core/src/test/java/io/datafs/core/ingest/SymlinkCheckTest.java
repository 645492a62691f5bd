package io.datafs.core.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SymlinkCheckTest {
  @Test
  void targetsInsideTheTreeAreKept() {
    assertFalse(SymlinkCheck.escapes("link", "file"));
    assertFalse(SymlinkCheck.escapes("a/b/link", "../../file"));
    assertFalse(SymlinkCheck.escapes("a/link", "./b/../c"));
    assertFalse(SymlinkCheck.escapes("a/link", "../a/../x"));
  }

  @Test
  void targetsLeavingTheTreeAreRefused() {
    assertTrue(SymlinkCheck.escapes("link", "../file"));
    assertTrue(SymlinkCheck.escapes("a/b/link", "../../../file"));
    assertTrue(SymlinkCheck.escapes("a/link", "/etc/passwd"));
    assertTrue(SymlinkCheck.escapes("a/link", ""));
    assertTrue(SymlinkCheck.escapes("link", "x/../../y"), "leaving and coming back is still leaving");
  }
}
