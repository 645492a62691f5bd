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
    assertEquals(10L << 30, c.maxBytes(1L << 40));
    assertEquals(5L << 20, c.minFreeBytes(100L << 20), "5% of a 100 MiB disk");
    assertEquals(1L << 30, c.minFreeBytes(1L << 40), "1 GiB of a 1 TiB disk");
  }

  @Test
  void bothBoundsAreRead() throws Exception {
    Files.writeString(home.resolve("config.json"), "{\"cache\": {\"maxBytes\": 1000, \"minFreeBytes\": 0}}");
    CacheConfig c = CacheConfig.load(home.resolve("config.json"));
    assertEquals(1000, c.maxBytes(1L << 40));
    assertEquals(0, c.minFreeBytes(1L << 40), "no floor, as asked");
  }

  @Test
  void sizesTakeUnitsAndSharesOfTheDisk() throws Exception {
    Files.writeString(home.resolve("config.json"), "{\"cache\": {\"maxBytes\": \"50G\", \"minFreeBytes\": \"10%\"}}");
    CacheConfig c = CacheConfig.load(home.resolve("config.json"));
    assertEquals(50L << 30, c.maxBytes(1L << 40));
    assertEquals(100L << 20, c.minFreeBytes(1000L << 20), "10% of the disk the cache is on");
    Files.writeString(home.resolve("config.json"), "{\"cache\": {\"maxBytes\": \"25%\", \"minFreeBytes\": \"512M\"}}");
    c = CacheConfig.load(home.resolve("config.json"));
    assertEquals(25L << 30, c.maxBytes(100L << 30));
    assertEquals(512L << 20, c.minFreeBytes(1L << 40));
    assertEquals(3L << 29, ByteSize.parse("1.5GiB", "x").resolve(0));
  }

  @Test
  void theCacheDirectoryIsAnAbsolutePath() throws Exception {
    Path file = home.resolve("config.json");
    assertTrue(CacheConfig.load(file).dir().isEmpty(), "the home's own by default");
    Files.writeString(file, "{\"cache\": {\"dir\": \"/var/cache/datafs\"}}");
    assertEquals(Path.of("/var/cache/datafs"), CacheConfig.load(file).dir().orElseThrow());
    Files.writeString(file, "{\"cache\": {\"dir\": \"cache\"}}");
    assertEquals("config file " + file + ": cache.dir must be an absolute path, not \"cache\"",
        assertThrows(InvalidInputException.class, () -> CacheConfig.load(file)).getMessage());
  }

  @Test
  void aBoundThatIsNotANumberOfBytesIsRefusedNamingIt() throws Exception {
    Path file = home.resolve("config.json");
    Files.writeString(file, "{\"cache\": {\"minFreeBytes\": \"lots\"}}");
    String m = assertThrows(InvalidInputException.class, () -> CacheConfig.load(file)).getMessage();
    assertEquals("config file " + file + ": cache.minFreeBytes: 'lots' is not a size (write bytes, a size as 512M"
        + " or 50G, or a share of the disk as 10%)", m);
    Files.writeString(file, "{\"cache\": {\"maxBytes\": \"120%\"}}");
    assertTrue(assertThrows(InvalidInputException.class, () -> CacheConfig.load(file)).getMessage()
        .contains("cache.maxBytes: '120%' is not a size (a share of the disk is at most 100%)"));
    Files.writeString(file, "{\"cache\": {\"maxBytes\": -1}}");
    assertTrue(assertThrows(InvalidInputException.class, () -> CacheConfig.load(file)).getMessage()
        .contains("cache.maxBytes"));
  }
}
