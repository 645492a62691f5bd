package io.datafs.core.chunk;

import io.datafs.core.error.InvalidInputException;

/**
 * FastCDC parameters, fixed when a store is initialised and recorded in it: changing them would stop
 * new chunks from matching old ones. Sizes in bytes; {@code avg} a power of two; min <= avg <= max.
 */
public record ChunkerParams(String algorithm, int min, int avg, int max) {
  public static final String FASTCDC = "fastcdc-2020-normalized-2";
  public static final ChunkerParams DEFAULT = new ChunkerParams(FASTCDC, 256 << 10, 1 << 20, 4 << 20);

  public ChunkerParams {
    if (!FASTCDC.equals(algorithm)) throw new InvalidInputException("unknown chunker algorithm: " + algorithm);
    if (min < 64 || min > avg || avg > max || Integer.bitCount(avg) != 1) {
      throw new InvalidInputException("chunker sizes must satisfy 64 <= min <= avg <= max, avg a power of two: "
          + min + "/" + avg + "/" + max);
    }
  }
}
