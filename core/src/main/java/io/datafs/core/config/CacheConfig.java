package io.datafs.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.core.error.InvalidInputException;
import java.nio.file.Path;

/**
 * The "cache" section of config.json: {@code {"cache": {"maxBytes": 10737418240}}}, the bound of the chunk cache of
 * remote content (default 10 GiB). Read when the daemon starts.
 */
public record CacheConfig(long maxBytes) {
  public static final long DEFAULT_MAX_BYTES = 10L << 30;

  public static CacheConfig load(Path file) {
    JsonNode max = ConfigFile.load(file).path("cache").path("maxBytes");
    if (max.isMissingNode() || max.isNull()) return new CacheConfig(DEFAULT_MAX_BYTES);
    if (!max.canConvertToLong() || !max.isIntegralNumber() || max.asLong() < 0) {
      throw new InvalidInputException("config file " + file + ": cache.maxBytes must be a number of bytes, not " + max);
    }
    return new CacheConfig(max.asLong());
  }
}
