package io.datafs.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The "cache" section of config.json: {@code {"cache": {"maxBytes": 10737418240, "minFreeBytes": 1073741824}}}. The
 * chunk cache of remote content holds at most {@code maxBytes} (default 10 GiB) and leaves at least
 * {@code minFreeBytes} free on its disk (default: 5% of the disk or 1 GiB, whichever is smaller), so that it never
 * takes the space imports and commits need. Read when the daemon starts.
 */
public record CacheConfig(long maxBytes, OptionalLong minFreeBytes) {
  public static final long DEFAULT_MAX_BYTES = 10L << 30;
  public static final CacheConfig DEFAULTS = new CacheConfig(DEFAULT_MAX_BYTES, OptionalLong.empty());
  private static final long DEFAULT_FLOOR_CAP = 1L << 30;

  public static CacheConfig load(Path file) {
    JsonNode cache = ConfigFile.load(file).path("cache");
    long max = bytes(file, cache, "maxBytes");
    long min = bytes(file, cache, "minFreeBytes");
    return new CacheConfig(max < 0 ? DEFAULT_MAX_BYTES : max, min < 0 ? OptionalLong.empty() : OptionalLong.of(min));
  }

  /** The free space to leave on a disk of {@code diskBytes}: as configured, else 5% of it or 1 GiB, the smaller. */
  public long minFreeBytes(long diskBytes) {
    return minFreeBytes.orElse(Math.min(diskBytes / 20, DEFAULT_FLOOR_CAP));
  }

  /** {@code cache.<key>} as a number of bytes, -1 when absent. */
  private static long bytes(Path file, JsonNode cache, String key) {
    JsonNode n = cache.path(key);
    if (n.isMissingNode() || n.isNull()) return -1;
    if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
      throw new InvalidInputException("config file " + file + ": cache." + key
          + " must be a number of bytes, not " + n);
    }
    return n.asLong();
  }
}
