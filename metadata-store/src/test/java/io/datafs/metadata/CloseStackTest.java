package io.datafs.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseStackTest {
  @Test
  void closesLastMadeFirstAndEverythingEvenWhenClosesFail() {
    List<String> closed = new ArrayList<>();
    CloseStack stack = new CloseStack();
    stack.push(() -> closed.add("options"));
    stack.push(() -> {
      closed.add("db");
      throw new IllegalStateException("db");
    });
    stack.push(() -> {
      closed.add("handle");
      throw new IllegalStateException("handle");
    });

    Exception e = assertThrows(IllegalStateException.class, stack::close);
    assertEquals(List.of("handle", "db", "options"), closed);
    assertEquals("handle", e.getMessage(), "the first failure is thrown");
    assertEquals("db", e.getSuppressed()[0].getMessage());
  }

  @Test
  void closeAfterKeepsTheOriginalFailure() {
    CloseStack stack = new CloseStack();
    stack.push(() -> {
      throw new IllegalStateException("close");
    });
    RuntimeException open = new RuntimeException("open");
    stack.closeAfter(open);
    assertEquals(1, open.getSuppressed().length);
    assertSame(IllegalStateException.class, open.getSuppressed()[0].getClass());
  }
}
