package io.datafs.core.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.remote.ForwardingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.sync.TransferProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RemoteGcContract} on a folder remote, and what a GC run from a store reads of the remote. */
class LocalFolderRemoteGcTest extends RemoteGcContract {
  @Override
  protected Remote open() {
    try {
      return new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A GC from the store that pushed reads no pack index and no pack (its own copies and pages serve), and deletes what
   * it listed without asking whether it is there; one from a fresh store reads each index once and keeps it in
   * {@code cache/index}, so its next GC reads none.
   */
  @Test
  void aGcFromAStoreReadsPackIndexesThroughItsOwnPacksAndItsIndexCache() throws Exception {
    importInto(a, CATS, tree("v1", 1, 200_000));
    importInto(a, CATS, tree("v2", 2, 300_000));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    a.sync().removeRemote(remote, ref, a.sync().remoteRemoval(remote, ref, CATS, 2));
    Map<RemoteKey, Integer> reads = new HashMap<>();
    List<RemoteKey> asked = new ArrayList<>(); // deletes that answer whether the key was there: a HEAD more on S3
    Remote counting = new ForwardingRemote(remote) {
      @Override public synchronized boolean delete(RemoteKey key) {
        asked.add(key);
        return super.delete(key);
      }

      @Override public byte[] get(RemoteKey key) {
        count(key);
        return super.get(key);
      }

      @Override public byte[] read(RemoteKey key, long offset, int length) {
        count(key);
        return super.read(key, offset, length);
      }

      @Override public InputStream open(RemoteKey key, long offset, long length) {
        count(key);
        return super.open(key, offset, length);
      }

      private synchronized void count(RemoteKey key) {
        if (key.value().startsWith(RemoteLayout.INDEXES) || key.value().startsWith(RemoteLayout.PACKS)) {
          reads.merge(key, 1, Integer::sum);
        }
      }
    };

    RemoteGcReport pushed = a.sync().remoteGc(counting).run(NO_GRACE, false, true);
    assertTrue(pushed.packsDeleted() > 0, "v2's own packs go");
    assertEquals(Map.of(), reads, "the store that pushed the packs reads none of them nor their indexes");
    assertEquals(List.of(RemoteLayout.GC_RUNNING), asked, "listed packs and indexes are deleted without asking");

    List<RemoteKey> indexesLeft = remote.list(RemoteLayout.INDEXES);
    RemoteGcReport fresh = b.sync().remoteGc(counting).run(NO_GRACE, false, true);
    assertEquals(0, fresh.packsDeleted());
    assertEquals(pushed.packsLive(), fresh.packsLive());
    for (RemoteKey index : indexesLeft) assertEquals(1, reads.get(index), "read once: " + index);
    reads.clear();
    b.sync().remoteGc(counting).run(NO_GRACE, false, true);
    assertTrue(reads.keySet().stream().noneMatch(k -> k.value().startsWith(RemoteLayout.INDEXES)),
        "kept in cache/index: " + reads);
  }
}
