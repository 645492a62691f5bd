package io.datafs.core.store;

import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.remote.RemoteRef;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@link LocalObjects} gets a chunk whose pack is indexed here but not held in {@code packs/}: a remote,
 * through a cache. Implementations return only bytes that hash to the chunk's id.
 */
public interface ChunkSource {
  /** Refuses every read: a store with no way to reach remotes (tools, tests). */
  ChunkSource NONE = (loc, remote) -> {
    throw new io.datafs.core.error.NotFoundException("chunk " + loc.entry().id().shortHex(12) + " is only on remote "
        + remote + ", which this process does not read");
  };

  /** The raw bytes of the object at {@code loc} in a pack of {@code remote}, verified against its id. */
  byte[] read(ObjectLocation loc, RemoteRef remote);

  /**
   * As {@link #read}, but what is fetched is not kept in a cache: for a pass over everything (verify), which would
   * otherwise fill the cache's disk. By default the same as {@link #read}.
   */
  default byte[] readWithoutKeeping(ObjectLocation loc, RemoteRef remote) {
    return read(loc, remote);
  }

  /**
   * The raw bytes of the object at {@code loc} as a file of a local cache, fetched there first if need be, checked
   * just now (against its id, or the CRC32C of bytes that were); null when the source keeps no such file (then
   * {@link #read} it). The file may be evicted once returned: a caller that finds it gone asks again. By default there
   * is no file.
   *
   * @throws io.datafs.core.error.DamagedCopyException when the cached file failed its check: it was dropped, and asking
   *     again fetches the object anew
   */
  default Path cachedFile(ObjectLocation loc, RemoteRef remote) {
    return null;
  }

  /** Starts fetching objects that reads will soon want, and returns at once; by default it does nothing. */
  default void prefetch(List<ObjectLocation> locs, RemoteRef remote) {}

  /**
   * Fetches objects into a local cache by large ranged reads, in pack order, and returns once they are there: a
   * background warm-up, whose failures are left to the reads. By default it does nothing.
   */
  default void warm(List<ObjectLocation> locs, RemoteRef remote) {}

  /**
   * As {@link #warm}, for a batch of a reader-supplied order (a read plan): neighbours in a pack share a ranged read
   * only when close (a warm-up streams past larger holes), since a plan's batch is a sample of the version, not a run
   * of it. By default it does nothing.
   */
  default void follow(List<ObjectLocation> locs, RemoteRef remote) {}

  /** How many bytes a prefetch or warm-up may ask for at once (a quarter of the cache); by default none. */
  default long prefetchBudget() {
    return 0;
  }
}
