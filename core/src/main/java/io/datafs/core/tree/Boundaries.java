package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Where pages end: part of the on-disk format, fixed forever.
 *
 * <p>An item's boundary hash is the first 8 bytes, big-endian, of SHA-256 of the UTF-8 bytes of its name (a leaf
 * entry's name; an index item's child last name). An item ends its page at level L when the low 6*(L+1) bits of that
 * hash are all zero, so pages hold about 64 items and a boundary at level L+1 is also one at level L. Levels of 10 and
 * above (which would need more than 60 bits) have no hash boundaries.
 *
 * <p>A page also ends when it reaches {@link #MAX_ITEMS} items. Pages are cut greedily from the start of each level,
 * so the cut points remain a pure function of the entry set even then; what the cap costs is locality: in a run of
 * over 4096 consecutive non-boundary names (only plausible for names crafted against SHA-256), an edit re-cuts every
 * page up to the run's next natural boundary.
 *
 * <p>Not thread-safe: one instance per chunker.
 */
final class Boundaries {
  static final int BITS_PER_LEVEL = 6;
  static final int MAX_ITEMS = 4096;
  private static final int HASHED_LEVELS = 10;

  private final MessageDigest sha256 = ObjectId.sha256();

  /** Whether an item with this name ends its page at this level. */
  boolean endsPage(String name, int level) {
    if (level >= HASHED_LEVELS) return false;
    long mask = (1L << (BITS_PER_LEVEL * (level + 1))) - 1;
    return (hash(name) & mask) == 0;
  }

  long hash(String name) {
    byte[] digest = sha256.digest(name.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest, 0, 8).getLong();
  }
}
