package io.datafs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.DatafsException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** {@code datafs remote}: runs in the client, so it is tested here as Main runs it, with a chosen environment. */
class RemoteCommandTest {
  @TempDir Path home;

  private String run(Map<String, String> env, String... args) throws Exception {
    ParseResult parsed = Commands.tree(null).parseArgs(args);
    while (parsed.hasSubcommand()) parsed = parsed.subcommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = ((LocalCommand) parsed.commandSpec().userObject())
        .runHere(new PrintStream(out, true, StandardCharsets.UTF_8), env, Path.of("/work"));
    assertEquals(0, status);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  @Test
  void addListRemoveWithTheEnvironmentOverriding() throws Exception {
    String h = home.toString();
    assertEquals("added remote origin s3://bucket/registry (default)\n",
        run("remote", "add", "origin", "s3://bucket/registry/", "--endpoint", "http://127.0.0.1:9000", "--home", h));
    assertEquals("added remote backup file:///work/reg\n", run("remote", "add", "backup", "reg", "--home", h));
    assertEquals("  backup  file:///work/reg\n* origin  s3://bucket/registry  endpoint http://127.0.0.1:9000\n",
        run("remote", "list", "--home", h));
    assertEquals("  backup  file:///work/reg\n* origin  s3://bucket/registry  endpoint http://127.0.0.1:1\n",
        run(Map.of("DATAFS_REMOTE_ENDPOINT", "http://127.0.0.1:1"), "remote", "list", "--home", h));
    assertEquals("* backup  file:///work/reg\n  origin  s3://bucket/registry  endpoint http://127.0.0.1:9000\n",
        run(Map.of("DATAFS_REMOTE", "backup"), "remote", "list", "--home", h));
    String env = run(Map.of("DATAFS_REMOTE_URL", "az://container/x"), "remote", "list", "--json", "--home", h);
    assertTrue(env.startsWith("[ {\n  \"name\" : \"env\",\n  \"url\" : \"az://container/x\",\n  \"endpoint\" : null,\n"
        + "  \"default\" : true,\n  \"source\" : \"environment\"\n}, {\n  \"name\" : \"backup\""), env);
    assertEquals("removed remote origin\n", run("remote", "remove", "origin", "--home", h));
    assertEquals("  backup  file:///work/reg\n", run("remote", "list", "--home", h));
  }

  @Test
  void mistakesAreOneLine() {
    String h = home.toString();
    assertThrows(DatafsException.class, () -> run("remote", "add", "x", "gs://bucket", "--home", h));
    DatafsException e = assertThrows(DatafsException.class,
        () -> run("remote", "add", "x", "/data/reg", "--endpoint", "http://h:1", "--home", h));
    assertEquals("--endpoint is for s3:// and az:// remotes, not file:///data/reg", e.getMessage());
    assertThrows(DatafsException.class, () -> run("remote", "remove", "nope", "--home", h));
    assertThrows(DatafsException.class, () -> run("remote", "add", "bad name", "/x", "--home", h));
    assertThrows(CommandLine.ParameterException.class, () -> run("remote", "add", "only-a-name", "--home", h));
  }
}
