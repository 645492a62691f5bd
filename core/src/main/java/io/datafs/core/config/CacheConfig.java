package io.datafs.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The "cache" section of config.json: {@code {"cache": {"maxBytes": "50G", "minFreeBytes": "5%"}}}. The chunk cache of
 * remote content holds at most {@code maxBytes} (default 10 GiB) and leaves at least {@code minFreeBytes} free on its
 * disk (default: 5% of the disk or 1 GiB, whichever is smaller), so that it never takes the space imports and commits
 * need. Each is a number of bytes, a size with a binary unit ({@code 512M}, {@code 50G}) or a share of the cache's disk
 * ({@code 10%}): see {@link ByteSize}. {@code dir} moves the chunks elsewhere, to a directory users may share.
 * Read when the daemon starts.
 */
public record CacheConfig(ByteSize maxBytes, Optional<ByteSize> minFreeBytes, Optional<Path> dir) {
  public static final long DEFAULT_MAX_BYTES = 10L << 30;
  public static final CacheConfig DEFAULTS = new CacheConfig(DEFAULT_MAX_BYTES, OptionalLong.empty());
  private static final long DEFAULT_FLOOR_CAP = 1L << 30;

  /** Bounds in bytes, in the home's own cache directory (tests). */
  public CacheConfig(long maxBytes, OptionalLong minFreeBytes) {
    this(ByteSize.ofBytes(maxBytes),
        minFreeBytes.isPresent() ? Optional.of(ByteSize.ofBytes(minFreeBytes.getAsLong())) : Optional.empty(),
        Optional.empty());
  }

  public static CacheConfig load(Path file) {
    JsonNode cache = ConfigFile.load(file).path("cache");
    Optional<ByteSize> max = size(file, cache, "maxBytes");
    return new CacheConfig(max.orElse(ByteSize.ofBytes(DEFAULT_MAX_BYTES)), size(file, cache, "minFreeBytes"),
        dir(file, cache));
  }

  /**
   * {@code cache.dir}: an absolute path where the chunk cache is kept instead of the home's {@code cache/}, which
   * several users of a node may share (a group-writable directory): then every use of a chunk file hashes it.
   */
  private static Optional<Path> dir(Path file, JsonNode cache) {
    JsonNode n = cache.path("dir");
    if (n.isMissingNode() || n.isNull()) return Optional.empty();
    if (!n.isTextual() || !n.asText().startsWith("/")) {
      throw new InvalidInputException("config file " + file + ": cache.dir must be an absolute path, not " + n);
    }
    return Optional.of(Path.of(n.asText()));
  }

  /** The most the cache holds on a disk of {@code diskBytes}. */
  public long maxBytes(long diskBytes) {
    return maxBytes.resolve(diskBytes);
  }

  /** The free space to leave on a disk of {@code diskBytes}: as configured, else 5% of it or 1 GiB, the smaller. */
  public long minFreeBytes(long diskBytes) {
    return minFreeBytes.map(s -> s.resolve(diskBytes)).orElse(Math.min(diskBytes / 20, DEFAULT_FLOOR_CAP));
  }

  /** {@code cache.<key>}: a number of bytes or a size as text ({@link ByteSize}); empty when absent. */
  private static Optional<ByteSize> size(Path file, JsonNode cache, String key) {
    JsonNode n = cache.path(key);
    if (n.isMissingNode() || n.isNull()) return Optional.empty();
    String what = "config file " + file + ": cache." + key;
    if (n.isTextual()) return Optional.of(ByteSize.parse(n.asText(), what));
    if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
      throw new InvalidInputException(what + " must be a number of bytes, a size as 50G or a share of the disk as 10%,"
          + " not " + n);
    }
    return Optional.of(ByteSize.ofBytes(n.asLong()));
  }
}
