package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/datafs's class archives (AppCDS, {@code cli/target/cds/client.jsa} and {@code daemon.jsa}): a missing or stale
 * one is recorded by the next run of its kind, and one the JVM cannot use (garbage, another build's) never stops a
 * command from starting or adds a line to its output.
 */
class LauncherArchiveTest {
  private static final Path CDS = Datafs.ROOT.resolve("cli/target/cds");
  private static final Path CLIENT = CDS.resolve("client.jsa");
  private static final Path DAEMON = CDS.resolve("daemon.jsa");

  @TempDir Path tmp;
  private Datafs datafs;

  @AfterEach
  void stop() {
    if (datafs != null) datafs.stopDaemon();
  }

  @Test
  void aMissingClientArchiveIsRecordedByTheNextCommand() throws Exception {
    Files.deleteIfExists(CLIENT);
    assertVersionPrints();
    assertTrue(Files.size(CLIENT) > 0, "no client archive recorded");
    assertVersionPrints(); // and the next one starts from it
  }

  @Test
  void aStaleClientArchiveIsRecordedAgain() throws Exception {
    assertVersionPrints();
    Files.setLastModifiedTime(CLIENT, FileTime.fromMillis(946_684_800_000L)); // 2000: older than every jar
    assertVersionPrints();
    assertTrue(Files.getLastModifiedTime(CLIENT).toMillis() > 946_684_800_000L, "the stale archive was kept");
  }

  @Test
  void anArchiveTheJvmCannotUseIsIgnoredSilently() throws Exception {
    assertVersionPrints();
    byte[] garbage = new byte[100_000];
    new Random(19).nextBytes(garbage);
    Files.delete(CLIENT); // read-only, as the JVM writes it
    Files.write(CLIENT, garbage); // newer than every jar: the launcher hands it to the JVM, which must refuse it
    assertVersionPrints();
    Files.delete(CLIENT);
  }

  @Test
  void theDaemonRecordsItsArchiveWhenItStopsAndStartsFromIt() throws Exception {
    Files.deleteIfExists(DAEMON);
    datafs = new Datafs(tmp.resolve("home"));
    datafs.ok("daemon", "status");
    datafs.ok("daemon", "stop");
    datafs.awaitDaemonGone();
    // the launcher renames the archive into place once the daemon's JVM has written it and exited
    for (int i = 0; i < 600 && !Files.exists(DAEMON); i++) Thread.sleep(100);
    assertTrue(Files.size(DAEMON) > 0, "no daemon archive recorded");
    assertEquals(0, datafs.run("daemon", "status").exit());
  }

  private void assertVersionPrints() {
    Datafs.Result r = new Datafs(tmp.resolve("home")).run("--version");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.stdout().startsWith("datafs "), r.stdout());
    assertEquals(1, r.lines().size(), r.stdout());
    assertEquals("", r.err());
  }
}
