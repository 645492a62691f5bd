package io.datafs.core.select;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;

/**
 * LDB's {@code --sample}: each object is kept with probability {@code p}, but the draw is a pure function of its
 * content id and the seed, so the same command keeps the same objects on any machine, in any source order. Content
 * ids are SHA-256 values, already uniform; the seed is mixed in with SplitMix64's finalizer (Steele et al.), a few
 * multiplications, where hashing again would cost a SHA-256 per object.
 */
public record Sample(double probability, long seed) {
  public Sample {
    if (!(probability > 0 && probability <= 1)) {
      throw new InvalidInputException("--sample must be above 0 and at most 1, not " + probability);
    }
  }

  public boolean keeps(ObjectId content) {
    if (probability == 1) return true;
    byte[] id = content.toBytes();
    long bits = 0;
    for (int i = 0; i < 8; i++) bits = (bits << 8) | (id[i] & 0xff);
    long draw = mix(bits ^ mix(seed));
    return (draw >>> 11) * 0x1.0p-53 < probability;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
