package io.datafs.cli.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GetCommandTest {
  @Test
  void theVersionAndThePathSplitAtTheFirstColonAfterTheDataset() {
    assertArrayEquals(new String[] {"cats@v3", "images/a.jpg"}, GetCommand.split("cats@v3:images/a.jpg"));
    assertArrayEquals(new String[] {"cats", "x"}, GetCommand.split("cats:x"));
    assertArrayEquals(new String[] {"cats@release-1.2", ""}, GetCommand.split("cats@release-1.2"));
    assertArrayEquals(new String[] {"ds:cats.v3", "a:b"}, GetCommand.split("ds:cats.v3:a:b"));
    assertArrayEquals(new String[] {"ds:cats", ""}, GetCommand.split("ds:cats"));
  }
}
