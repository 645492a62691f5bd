package io.datafs.core.gc;

import io.datafs.core.error.StoreIoException;
import io.datafs.core.error.StoreLockedException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.lazy.LazyVersions;
import io.datafs.core.store.MetadataObjects;
import java.util.function.Predicate;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.Packs;
import io.datafs.core.pack.SealedPack;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.StoreLayout;
import io.datafs.core.store.WriteSession;
import io.datafs.core.tree.PageStore;
import io.datafs.core.version.Catalog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Local GC: mark ({@link LiveObjects}), plan ({@link SweepPlan}), repack ({@link Repacker}), then one synced write
 * that points the index at the new packs and forgets the old ones and the dead objects, and only then the old pack
 * files are deleted. A kill at any point leaves a store every row of which names a pack that is there: before the
 * write, new packs are orphans; after it, old ones are; the next GC deletes orphans. The caller keeps writers of this
 * store out while it runs (a new version must not reuse an object the mark found dead); {@code gc.lock} in the home
 * keeps a second GC out.
 */
public final class LocalGc {
  private final StoreLayout layout;
  private final KvStore kv;
  private final LocalObjects objects;
  private final PageStore pages;
  private final Catalog catalog;
  private final GcSteps steps;

  public LocalGc(StoreLayout layout, KvStore kv, LocalObjects objects, PageStore pages, Catalog catalog,
                 GcSteps steps) {
    this.layout = layout;
    this.kv = kv;
    this.objects = objects;
    this.pages = pages;
    this.catalog = catalog;
    this.steps = steps;
  }

  public GcReport run(GcRoots roots, boolean dryRun) {
    Path lockFile = layout.home().resolve("gc.lock");
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = tryLock(ch);
      if (lock == null) throw new StoreLockedException("another datafs gc is running on " + layout.home());
      try (lock) {
        return locked(roots, dryRun);
      }
    } catch (IOException e) {
      throw new StoreIoException("locking " + lockFile, e);
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  private GcReport locked(GcRoots roots, boolean dryRun) {
    // versions read lazily are marked over the pages fetched so far: the rest is the remote's
    Predicate<ObjectId> here = pages instanceof MetadataObjects m ? m::isHere : id -> true;
    LiveObjects live = LiveObjects.mark(pages, catalog, roots, new LazyVersions(kv)::isLazy, here);
    SweepPlan plan = SweepPlan.of(layout.packs(), kv, live);
    List<SealedPack> written = List.of();
    int orphansDeleted = 0;
    if (!dryRun) {
      try (Repacker repacker = new Repacker(layout.packs())) {
        repacker.copy(plan.packs(), PackKind.DATA, WriteSession.DATA_PACK_TARGET, WriteSession.DATA_PACK_MAX_OBJECTS);
        repacker.copy(plan.packs(), PackKind.METADATA, WriteSession.METADATA_FLUSH, Integer.MAX_VALUE);
        written = repacker.sealed();
      }
      steps.reached(GcSteps.REPACKED);
      KvBatch batch = rows(plan, written);
      // pages fetched for lazy versions are marked like any page: unmarked, they belonged to removed versions
      new LazyVersions(kv).forgetObjectsUnless(live::isLiveMetadata, batch);
      kv.write(batch);
      steps.reached(GcSteps.INDEXED);
      orphansDeleted = deleteOldPacks(plan);
    }
    long swept = plan.packs().stream().filter(p -> p.action() != PackFate.Action.KEEP).mapToLong(PackFate::fileBytes)
        .sum();
    long newBytes = written.stream().mapToLong(SealedPack::size).sum();
    return new GcReport(dryRun, live.versions(), live.chunkCount(), live.metadataCount(),
        plan.count(PackFate.Action.KEEP), plan.count(PackFate.Action.REPACK), plan.count(PackFate.Action.DELETE),
        written.size(), dryRun ? plan.orphans().size() : orphansDeleted, plan.deadObjects(PackKind.DATA),
        plan.deadBytes(PackKind.DATA), plan.deadObjects(PackKind.METADATA), plan.deadBytes(PackKind.METADATA),
        plan.bytesToCopy(), swept + plan.orphanBytes() - (dryRun ? plan.bytesToCopy() : newBytes));
  }

  /** The one synced write: new packs indexed, old ones and dead objects forgotten. */
  private static KvBatch rows(SweepPlan plan, List<SealedPack> written) {
    KvBatch batch = new KvBatch().sync();
    for (SealedPack p : written) LocalObjects.index(p, batch);
    for (PackFate f : plan.packs()) {
      if (f.action() == PackFate.Action.KEEP) continue;
      batch.delete(Table.PACKS, f.pack().toBytes());
      for (ObjectId c : f.forgottenChunks()) batch.delete(Table.OBJECTS, c.toBytes());
      for (ObjectId m : f.forgottenPages()) batch.delete(Table.METADATA, m.toBytes());
    }
    return batch;
  }

  /** Deletes the swept packs' files, then the orphans the plan found that still have no row; returns the orphans. */
  private int deleteOldPacks(SweepPlan plan) {
    List<ObjectId> gone = new ArrayList<>();
    for (PackFate f : plan.packs()) {
      if (f.action() == PackFate.Action.KEEP) continue;
      delete(Packs.path(layout.packs(), f.pack()));
      gone.add(f.pack());
      if (gone.size() == 1) steps.reached(GcSteps.DELETING);
    }
    int orphans = 0;
    for (SweepPlan.Orphan o : plan.orphans()) {
      if (kv.get(Table.PACKS, o.pack().toBytes()) != null) continue; // a repack just made this very pack
      delete(o.file());
      gone.add(o.pack());
      orphans++;
    }
    // Readers of the daemon may hold these packs open: the file stays readable until closed, and a read that finds
    // its pack closed looks the object up again, in its new pack.
    objects.retire(gone);
    return orphans;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StoreIoException("deleting " + file, e);
    }
  }
}
