package io.datafs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The daemon's log as {@link DaemonLog} sets it up, written by both paths that reach it: System.Logger and SLF4J. */
class DaemonLogTest {
  @TempDir Path home;

  @AfterEach
  void restoreThisJvmsLogging() throws Exception {
    SLF4JBridgeHandler.uninstall();
    LogManager.getLogManager().readConfiguration();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
  }

  @Test
  void oneLinePerEventAtTheLevelAskedWithTheSdksKeptAtWarn() throws Exception {
    Path log = home.resolve("daemon.log");
    DaemonLog.start(log, "debug");
    System.getLogger("datafs.daemon").log(System.Logger.Level.DEBUG, "a datafs debug line");
    System.getLogger("datafs.fs").log(System.Logger.Level.ERROR, "it broke", new IllegalStateException("why\nand how"));
    LoggerFactory.getLogger("software.amazon.awssdk.request").debug("Sending Request: headers of an SDK");
    LoggerFactory.getLogger("com.azure.core.implementation").warn("an SDK warning");
    List<String> lines = Files.readAllLines(log);
    assertEquals(3, lines.size(), String.join("\n", lines));
    String time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    assertTrue(lines.get(0).matches(time + " DEBUG daemon a datafs debug line"),
        lines.get(0));
    assertTrue(lines.get(1).contains("ERROR fs it broke | java.lang.IllegalStateException: why | and how | at "),
        lines.get(1));
    assertTrue(lines.get(2).endsWith("WARN  implementation an SDK warning"), lines.get(2));
  }

  @Test
  void secretsThatReachAMessageAreWrittenAsStars() throws Exception {
    Path log = home.resolve("daemon.log");
    DaemonLog.start(log, null);
    var slf4j = LoggerFactory.getLogger("datafs.remote");
    slf4j.warn("cannot open DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=S3CR3TKEY==;BlobEndpoint=x");
    slf4j.warn("GET https://h/c/b?sv=2024&se=2030&sp=r&sig=S1GNATURE%3D&x=1 failed");
    slf4j.warn("GET https://h/b/k?X-Amz-Credential=AKIAEXAMPLE%2F2026&X-Amz-Signature=abcdef0123&X-Amz-Date=1 failed");
    slf4j.warn("headers: Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/2026, Signature=abcdef");
    slf4j.debug("not at info");
    String text = Files.readString(log);
    for (String secret : List.of("S3CR3TKEY", "S1GNATURE", "AKIAEXAMPLE", "abcdef0123", "not at info")) {
      assertFalse(text.contains(secret), secret + " in:\n" + text);
    }
    assertTrue(text.contains("AccountKey=***;BlobEndpoint=x"), text);
    assertTrue(text.contains("&sig=***&x=1"), text);
  }

  @Test
  void rotatesBySizeKeepingThreeOldFiles() throws Exception {
    Path log = home.resolve("daemon.log");
    DaemonLog.start(log, "info", 4096);
    var slf4j = LoggerFactory.getLogger("datafs.daemon");
    String line = "x".repeat(200);
    for (int i = 0; i < 200; i++) slf4j.info(line);
    assertTrue(Files.exists(home.resolve("daemon.log.1")) && Files.exists(home.resolve("daemon.log.3")));
    assertFalse(Files.exists(home.resolve("daemon.log.4")));
    assertTrue(Files.size(log) < 4096 + 1024, "rolled once past the bound: " + Files.size(log));
  }

  @Test
  void anUnknownLevelIsSaidOnceAndInfoUsed() throws Exception {
    Path log = home.resolve("daemon.log");
    DaemonLog.start(log, "verbose");
    System.getLogger("datafs.daemon").log(System.Logger.Level.DEBUG, "hidden");
    System.getLogger("datafs.daemon").log(System.Logger.Level.INFO, "shown");
    List<String> lines = Files.readAllLines(log);
    assertEquals(2, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("DATAFS_LOG=verbose is not a level"), lines.get(0));
    assertTrue(lines.get(1).endsWith("INFO  daemon shown"), lines.get(1));
  }
}
