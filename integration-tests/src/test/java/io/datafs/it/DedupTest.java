package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is stored twice: unchanged re-imports, a one-byte edit, the same file under two names. */
class DedupTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void unchangedReimportAddsNoChunkBytes() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs datafs = homes.at(tmp.resolve("home"));
    JsonNode v1 = datafs.ok("import", src.toString(), "ds", "--json").json();
    assertTrue(v1.get("storedBytesAdded").asLong() > 9 << 20);
    JsonNode v2 = datafs.ok("import", src.toString(), "ds", "--json").json();
    assertEquals(2, v2.get("version").asInt());
    assertEquals(0, v2.get("chunksAdded").asLong());
    assertEquals(0, v2.get("storedBytesAdded").asLong(), "identical trees share every page too");
    assertEquals(v1.get("root").asText(), v2.get("root").asText());
    assertTrue(datafs.ok("diff", "ds@v1", "ds@v2").stdout().isEmpty());
  }

  @Test
  void oneByteChangedInA200MiBFileStoresOnlyAFewMiB() throws Exception {
    Path src = tmp.resolve("src");
    Path big = Trees.write(src.resolve("big.bin"), Trees.random(42, 200 << 20));
    Datafs datafs = homes.at(tmp.resolve("home"));
    JsonNode v1 = datafs.ok("import", src.toString(), "ds", "--json").json();
    assertTrue(v1.get("storedBytesAdded").asLong() >= 200 << 20, "random data does not compress");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.seek(100 << 20);
      int b = f.read();
      f.seek(100 << 20);
      f.write(b ^ 0xff);
    }
    JsonNode v2 = datafs.ok("import", src.toString(), "ds", "--json").json();
    long added = v2.get("storedBytesAdded").asLong();
    assertTrue(added > 0 && added <= 9 << 20, "one byte changed should store at most about two max chunks, stored "
        + added);
    assertEquals("M big.bin", datafs.ok("diff", "ds@v1", "ds@v2").stdout().strip());
    Path out = tmp.resolve("out");
    datafs.ok("export", "ds@v2", out.toString());
    assertEquals(Trees.sha256(big), Trees.sha256(out.resolve("big.bin")));
  }

  @Test
  void theSameFileUnderTwoNamesIsStoredOnce() throws Exception {
    Path src = tmp.resolve("src");
    byte[] content = Trees.random(5, 8 << 20);
    Trees.write(src.resolve("one/a.bin"), content);
    Trees.write(src.resolve("two/b.bin"), content);
    Datafs datafs = homes.at(tmp.resolve("home"));
    long added = datafs.ok("import", src.toString(), "ds", "--json").json().get("storedBytesAdded").asLong();
    assertTrue(added < (8 << 20) + (1 << 20), "stored " + added + " for two copies of 8 MiB");
    long packBytes;
    try (var s = Files.walk(datafs.home().resolve("packs"))) {
      packBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(packBytes < (8 << 20) + (1 << 20), "packs hold " + packBytes);
  }
}
