package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What goes in comes back out, exactly: import then export, compared by diff -r and by attributes. */
class RoundTripTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void exportGivesBackTheImportedTree() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs datafs = homes.at(tmp.resolve("home"));

    JsonNode v1 = datafs.ok("import", src.toString(), "cats", "-m", "first cut", "--meta", "source=test",
        "--json").json();
    assertEquals(1, v1.get("version").asInt());
    assertEquals("first cut", v1.get("message").asText());
    assertEquals("test", v1.get("metadata").get("source").asText());
    assertEquals(56, v1.get("totals").get("files").asInt());

    Path out = tmp.resolve("out");
    datafs.ok("export", "cats@v1", out.toString());
    Trees.Shell diff = Trees.sh("diff", "-r", "--no-dereference", src.toString(), out.toString());
    assertEquals(0, diff.exit(), diff.out());
    Trees.assertSameTree(src, out);
  }

  @Test
  void lsLongShowsWhatSha256sumComputes() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    JsonNode entries = datafs.ok("ls", "cats", "-R", "--json").json();
    int files = 0;
    for (JsonNode e : entries) {
      if (!e.get("type").asText().equals("file")) continue;
      files++;
      Path p = src.resolve(e.get("path").asText());
      String sum = Trees.sh("sha256sum", p.toString()).out().split(" ")[0];
      assertEquals(sum, e.get("sha256").asText(), e.get("path").asText());
      assertEquals(Files.size(p), e.get("size").asLong());
      assertEquals(1, e.get("changedIn").asInt());
    }
    assertEquals(56, files);

    String line = datafs.ok("ls", "-l", "cats@v1", "bin").stdout().strip();
    assertTrue(line.startsWith("-rwxr-x--- "), line);
    assertTrue(line.endsWith(" v1   bin/run.sh"), line);
  }

  @Test
  void catWritesTheExactBytes() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "cats");
    for (String path : new String[] {"data/big.bin", "ünïcödé/日本語 😀.bin", "empty-file", "a/hello world.txt"}) {
      byte[] got = datafs.ok("cat", "cats", path).out();
      assertTrue(java.util.Arrays.equals(Files.readAllBytes(src.resolve(path)), got), path);
    }
  }

  @Test
  void aFileOver4GiBRoundTrips() throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src);
    Path big = src.resolve("huge.bin");
    long size = (4L << 30) + 12345;
    try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      // Sparse, with real bytes at the start, across the 4 GiB mark and at the end.
      ch.write(java.nio.ByteBuffer.wrap(Trees.random(7, 1 << 20)), 0);
      ch.write(java.nio.ByteBuffer.wrap(Trees.random(8, 8192)), (4L << 30) - 4096);
      ch.write(java.nio.ByteBuffer.wrap(Trees.random(9, 12345)), size - 12345);
    }
    Datafs datafs = homes.at(tmp.resolve("home"));
    JsonNode v = datafs.ok("import", src.toString(), "huge", "--json").json();
    assertEquals(size, v.get("totals").get("bytes").asLong());
    assertTrue(v.get("storedBytesAdded").asLong() < 64 << 20, "zeros dedup and compress: " + v);
    Path out = tmp.resolve("out");
    datafs.ok("export", "huge", out.toString());
    assertEquals(size, Files.size(out.resolve("huge.bin")));
    assertEquals(0, Trees.sh("cmp", big.toString(), out.resolve("huge.bin").toString()).exit());
  }
}
