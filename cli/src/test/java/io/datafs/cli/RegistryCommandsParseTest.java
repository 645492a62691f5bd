package io.datafs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Which command lines name a remote by its URL, and so run in the client with no store. */
class RegistryCommandsParseTest {
  private static Object command(String... args) {
    ParseResult p = Commands.tree(null).parseArgs(args);
    while (p.hasSubcommand()) p = p.subcommand();
    return p.commandSpec().userObject();
  }

  private static boolean runsHere(String... args) {
    return command(args) instanceof LocalCommand c && c.runsHere();
  }

  @Test
  void anOperandWithASlashIsAUrlAndOnlyThen() {
    assertTrue(runsHere("ls", "s3://bucket/prefix", "cats@v1", "dir/sub", "-R"));
    assertTrue(runsHere("ls", "./registry", "cats"));
    assertTrue(runsHere("ls", "/data/registry", "ds:cats.v2"));
    assertFalse(runsHere("ls", "cats@v1", "dir/sub"), "a path after a dataset is no URL");
    assertFalse(runsHere("ls", "cats@release-1.2"));
    assertTrue(runsHere("datasets", "az://container/p", "--json"));
    assertFalse(runsHere("datasets", "--remote"));
    assertTrue(runsHere("get", "file:///r", "cats@v1:a/b.bin", "out"), "get always runs in the client");
    assertFalse(runsHere("import-version", "s3://b/p", "cats"), "an import needs the store: the daemon runs it");
    assertFalse(runsHere("update", "cats"));
    assertThrows(CommandLine.UnmatchedArgumentException.class, () -> command("ls", "s3://b/p", "cats", "dir", "more"));
  }

  @Test
  void aUrlIsParsedOnlyWithItsSlash() {
    assertEquals("file:///work/registry", RegistryUrl.parse("./registry", Path.of("/work")).toString());
    assertEquals("s3://bucket/a/b", RegistryUrl.parse("s3://bucket/a/b/", Path.of("/")).toString());
    assertEquals("not a remote URL: 'registry' (a folder is written with a '/', as ./registry)",
        assertThrows(InvalidInputException.class, () -> RegistryUrl.parse("registry", Path.of("/"))).getMessage());
    assertEquals("--endpoint is for s3:// and az:// remotes, not file:///r",
        assertThrows(InvalidInputException.class, () -> RegistryUrl.ref("/r", "http://h:1", Path.of("/")))
            .getMessage());
  }
}
