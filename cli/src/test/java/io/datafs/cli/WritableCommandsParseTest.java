package io.datafs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The command lines of writable mounts, parsed as the client parses them (no daemon). */
class WritableCommandsParseTest {
  private static ParseResult parse(String... args) {
    return Commands.tree(null).parseArgs(args).subcommand();
  }

  @Test
  void mountTakesWritable() {
    ParseResult p = parse("mount", "cats", "/mnt/cats-rw", "--writable");
    assertTrue(p.hasMatchedOption("--writable"));
    assertEquals("cats", p.matchedPositional(0).getValue());
    assertEquals(Path.of("/mnt/cats-rw"), p.matchedPositional(1).getValue());
    assertFalse(parse("mount", "cats@v2", "/mnt/cats").hasMatchedOption("--writable"));
  }

  @Test
  void commitNeedsAMessageAndTakesAnOptionalDir() {
    assertThrows(CommandLine.MissingParameterException.class, () -> parse("commit"));
    assertThrows(CommandLine.MissingParameterException.class, () -> parse("commit", "/mnt/cats-rw"));
    ParseResult here = parse("commit", "-m", "add 40, drop 1");
    assertEquals("add 40, drop 1", here.matchedOptionValue("-m", null));
    assertTrue(here.matchedPositionals().isEmpty(), "no DIR: the current directory");
    ParseResult there = parse("commit", "/mnt/cats-rw", "-m", "x", "--meta", "a=1", "--meta", "b=2", "--author", "me",
        "--allow-empty", "--json");
    assertEquals(Path.of("/mnt/cats-rw"), there.matchedPositional(0).getValue());
    assertEquals(Map.of("a", "1", "b", "2"), there.matchedOptionValue("--meta", Map.of()));
    assertEquals("me", there.matchedOptionValue("--author", null));
    assertTrue(there.hasMatchedOption("--allow-empty"));
    assertThrows(CommandLine.UnmatchedArgumentException.class, () -> parse("commit", "/a", "/b", "-m", "x"));
  }

  @Test
  void statusTakesAnOptionalDirAndJson() {
    assertTrue(parse("status").matchedPositionals().isEmpty());
    ParseResult p = parse("status", "/mnt/cats-rw/sub", "--json");
    assertEquals(Path.of("/mnt/cats-rw/sub"), p.matchedPositional(0).getValue());
    assertTrue(p.hasMatchedOption("--json"));
    assertThrows(CommandLine.UnmatchedArgumentException.class, () -> parse("status", "/a", "/b"));
  }

  @Test
  void discardNeedsAtLeastOnePath() {
    assertThrows(CommandLine.MissingParameterException.class, () -> parse("discard"));
    ParseResult p = parse("discard", "new.jpg", "old/", "/mnt/cats-rw/x");
    assertEquals(List.of(Path.of("new.jpg"), Path.of("old/"), Path.of("/mnt/cats-rw/x")),
        p.matchedPositional(0).getValue());
  }

  @Test
  void usageErrorsExitTwoWithoutADaemon() {
    assertEquals(2, Main.run("commit", "--home", "/nonexistent/datafs-home"));
    assertEquals(2, Main.run("discard", "--home", "/nonexistent/datafs-home"));
    assertEquals(0, Main.run("commit", "--help"));
  }
}
