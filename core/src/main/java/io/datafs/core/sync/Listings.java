package io.datafs.core.sync;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteListing;
import java.util.Arrays;

/**
 * Keeps a writable remote's listing files ({@link RemoteListing}) true to its keys, so that the same remote served
 * over http(s) can be listed. Every push ends here: each area is listed, and its listing file rewritten (one atomic
 * put) only when it differs. Pushes of several stores may race; so after a write the area is listed again, and
 * written again until a listing made after the write equals it. Publishing only adds keys, so the last writer's
 * listing holds every key created before its last check: whatever another push wrote in between, that push checks
 * after its own write and writes again. {@code rm --remote} deletes records and then refreshes the same way, so a
 * listing naming a removed record lasts until that refresh ends. A push cut short leaves a listing that the next
 * push mends.
 */
public final class Listings {
  private static final System.Logger LOG = System.getLogger("datafs.remote");
  /**
   * Rounds of write-and-check before giving up, leaving the listing to the next push. Giving up may leave a listing
   * without another push's newest keys, so this is a safety valve only: pushes racing without pause converge within a
   * few rounds (ListingsTest), as each round needs a key created between a write and its check.
   */
  private static final int ROUNDS = 1000;

  private Listings() {}

  /** Brings every listing of {@code remote} up to date; returns how many files it wrote. */
  public static int refresh(Remote remote) {
    int written = 0;
    for (String area : RemoteListing.AREAS) written += refresh(remote, area);
    return written;
  }

  /** Brings the listing of one of {@link RemoteListing#AREAS} up to date; returns how many times it was written. */
  public static int refresh(Remote remote, String area) {
    RemoteKey key = RemoteListing.key(area);
    byte[] there = current(remote, key);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] keys = RemoteListing.encode(area, remote.list(area));
      if (Arrays.equals(there, keys)) return round;
      remote.put(key, keys);
      there = keys;
    }
    LOG.log(System.Logger.Level.WARNING, "remote " + remote.url() + ": " + key + " kept changing under concurrent "
        + "pushes; the next push brings it up to date");
    return ROUNDS;
  }

  /** The listing as it is on the remote; null when absent or not one (over the cap): rewritten either way. */
  private static byte[] current(Remote remote, RemoteKey key) {
    try {
      return RemoteLimits.read(remote, key, RemoteListing.MAX_BYTES, "a listing");
    } catch (RemoteObjectNotFoundException | CorruptObjectException e) {
      return null;
    }
  }
}
