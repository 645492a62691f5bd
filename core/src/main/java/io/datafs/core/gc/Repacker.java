package io.datafs.core.gc;

import io.datafs.core.error.DatafsException;
import io.datafs.core.pack.Encoded;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.PackWriter;
import io.datafs.core.pack.Packs;
import io.datafs.core.pack.SealedPack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies the live objects of partly-live packs into new packs, as stored (no decoding, no compressing again), each
 * checked against its CRC32C on the way; a new pack is sealed as any (fsynced, read back, renamed to its hash), on a
 * thread of its own so that copying goes on while the disk syncs. No row names the new packs yet: until
 * {@link LocalGc} indexes them they are orphans, which the next GC deletes.
 */
final class Repacker implements AutoCloseable {
  private final Path packsDir;
  /** One buffer for the stored bytes of every object copied, grown to the largest. */
  private byte[] buffer = new byte[4 << 20];
  private final List<PackWriter> open = new ArrayList<>();
  private final List<Future<SealedPack>> seals = new ArrayList<>();
  private final ExecutorService sealer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "datafs-gc-seal");
    t.setDaemon(true);
    return t;
  });

  Repacker(Path packsDir) {
    this.packsDir = packsDir;
  }

  /** Copies the live objects of {@code fates}' packs of {@code kind}, rolling to a new pack at about {@code roll}. */
  void copy(List<PackFate> fates, PackKind kind, long roll, int maxObjects) {
    PackWriter w = null;
    for (PackFate f : fates) {
      if (f.kind() != kind || f.action() != PackFate.Action.REPACK) continue;
      try (PackReader r = PackReader.open(Packs.path(packsDir, f.pack()))) {
        for (PackEntry e : f.live()) {
          buffer = r.readStoredChecked(e, buffer);
          if (w == null) open.add(w = PackWriter.create(packsDir, kind));
          // append copies the bytes before it returns: the buffer is free for the next object
          w.append(e.id(), e.type(), new Encoded(e.codec(), buffer, e.storedLength(), e.rawLength()));
          if (w.size() >= roll || w.objectCount() >= maxObjects) {
            sealLater(w);
            w = null;
          }
        }
      }
    }
    if (w != null) sealLater(w);
  }

  private void sealLater(PackWriter w) {
    seals.add(sealer.submit(w::seal));
  }

  /** Waits for every pack to be sealed; the first failure is thrown. */
  List<SealedPack> sealed() {
    List<SealedPack> done = new ArrayList<>();
    for (Future<SealedPack> f : seals) {
      try {
        done.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatafsException("interrupted while sealing repacked packs");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        throw new DatafsException("sealing a repacked pack failed: " + e.getCause(), e.getCause());
      }
    }
    return done;
  }

  /** Stops sealing; packs not sealed are deleted from {@code packs/tmp} (a sealed one is an orphan until indexed). */
  @Override
  public void close() {
    sealer.shutdown();
    try {
      sealer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    open.forEach(PackWriter::close);
  }
}
