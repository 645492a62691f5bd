package io.datafs.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheConfigTest {
  @TempDir Path home;

  @Test
  void defaultsAreTenGibibytesAndFivePercentOfTheDiskUpToOneGibibyte() {
    CacheConfig c = CacheConfig.load(home.resolve("config.json")); // no file: the defaults
    assertEquals(10L << 30, c.maxBytes());
    assertEquals(5L << 20, c.minFreeBytes(100L << 20), "5% of a 100 MiB disk");
    assertEquals(1L << 30, c.minFreeBytes(1L << 40), "1 GiB of a 1 TiB disk");
  }

  @Test
  void bothBoundsAreRead() throws Exception {
    Files.writeString(home.resolve("config.json"), "{\"cache\": {\"maxBytes\": 1000, \"minFreeBytes\": 0}}");
    CacheConfig c = CacheConfig.load(home.resolve("config.json"));
    assertEquals(1000, c.maxBytes());
    assertEquals(0, c.minFreeBytes(1L << 40), "no floor, as asked");
  }

  @Test
  void aBoundThatIsNotANumberOfBytesIsRefusedNamingIt() throws Exception {
    Path file = home.resolve("config.json");
    Files.writeString(file, "{\"cache\": {\"minFreeBytes\": \"1G\"}}");
    String m = assertThrows(InvalidInputException.class, () -> CacheConfig.load(file)).getMessage();
    assertEquals("config file " + file + ": cache.minFreeBytes must be a number of bytes, not \"1G\"", m);
    Files.writeString(file, "{\"cache\": {\"maxBytes\": -1}}");
    assertTrue(assertThrows(InvalidInputException.class, () -> CacheConfig.load(file)).getMessage()
        .contains("cache.maxBytes"));
  }
}
