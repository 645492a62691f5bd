package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datafs gc --remote} through the real CLI on a folder remote: bad input refused in one line with nothing
 * read or deleted, a dry run, a removed version's packs deleted, what stays pulls and verifies in a fresh home, and
 * the lock a killed GC leaves is refused and removed with --unlock. The protocol's races are RemoteGcContract's.
 */
class RemoteGcTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  private static long packs(Path remote) throws Exception {
    try (Stream<Path> s = Files.walk(remote.resolve("packs"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void aRemovedVersionIsCollectedAndBadInputIsRefused() throws Exception {
    Path remote = Files.createDirectories(tmp.resolve("remote"));
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs a = homes.at(tmp.resolve("a"));
    a.ok("remote", "add", "origin", remote.toString());
    a.ok("import", src.toString(), "cats");
    a.ok("push");
    long v1Packs = packs(remote);
    Trees.write(src.resolve("v2-only.bin"), Trees.random(2, 300_000));
    a.ok("import", src.toString(), "cats");
    a.ok("push");
    a.ok("rm", "cats@v2", "--remote");
    long before = packs(remote);

    assertEquals("datafs: --grace 10m is below the minimum of 1h for a remote: packs a push is uploading right now"
        + " could be deleted; add --force to go below it", a.fails(1, "gc", "--remote", "origin", "--grace", "10m"));
    assertEquals("datafs: --grace '1 day' is not a duration like 24h, 90m, 7d or 0s",
        a.fails(1, "gc", "--remote", "origin", "--grace", "1 day"));
    assertEquals("datafs: --grace, --force and --unlock go with --remote NAME", a.fails(1, "gc", "--force"));
    assertTrue(a.fails(1, "gc", "--remote", "nosuch").startsWith("datafs: no remote named 'nosuch'"));
    assertEquals(before, packs(remote));

    String kept = a.ok("gc", "--remote", "origin").stdout();
    assertTrue(kept.contains(" within the grace (24h), 0 deleted"), kept);
    JsonNode dry = a.ok("gc", "--remote", "origin", "--grace", "0s", "--force", "--dry-run", "--json").json();
    assertTrue(dry.get("dryRun").asBoolean());
    assertEquals(before - v1Packs, dry.get("packsDeleted").asLong());
    assertEquals(before, packs(remote));

    Files.writeString(remote.resolve("gc/running.json"), "{\"started\":\"2026-01-01T00:00:00Z\"}");
    assertTrue(a.fails(1, "gc", "--remote", "origin", "--grace", "0s", "--force")
        .startsWith("datafs: another gc of remote file://" + remote + " is running"));
    assertTrue(a.fails(1, "push").contains("a GC of remote file://" + remote + " is under way"));
    assertEquals("removed the gc lock of origin (file://" + remote + ")",
        a.ok("gc", "--remote", "origin", "--unlock").stdout().strip());

    String done = a.ok("gc", "--remote", "origin", "--grace", "0s", "--force").stdout();
    assertTrue(done.startsWith("marked 1 versions on origin"), done);
    assertTrue(done.contains((before - v1Packs) + " deleted"), done);
    assertEquals(v1Packs, packs(remote));

    Datafs c = homes.at(tmp.resolve("c"));
    c.ok("remote", "add", "origin", remote.toString());
    c.ok("pull", "cats");
    c.ok("verify");
    assertTrue(c.ok("log", "cats", "--json").json().size() == 1);
  }
}
