package io.datafs.core.repo;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.store.LocalRecords;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Pruning;
import io.datafs.core.version.Retention;
import io.datafs.core.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Removes versions below the head of a dataset from this store ({@code retain}, {@code rm DS@V}): their records and
 * the tags naming them, never their content, which a later GC reclaims. The head stays, so numbers are never taken
 * again; each removed version leaves a tombstone, by which the versions after it still name a known parent.
 */
final class LocalPruning {
  private final Catalog catalog;
  private final LocalRecords records;

  LocalPruning(Catalog catalog, LocalRecords records) {
    this.catalog = catalog;
    this.records = records;
  }

  /** What {@code rule} removes of {@code ds} at {@code now}; possibly nothing. */
  Pruning plan(DatasetName ds, Retention rule, Instant now) {
    long head = catalog.head(ds);
    if (head == 0) throw new NotFoundException("no dataset named '" + ds + "'");
    Map<String, Long> tags = catalog.tags(ds);
    List<Version> gone = rule.toRemove(catalog.versions(ds), tags, now);
    return new Pruning(ds, gone, tagsOf(tags, gone), head);
  }

  /** Removing {@code v} alone ({@code rm DS@V} of a version below the head), with the tags naming it. */
  Pruning one(Version v) {
    DatasetName ds = v.record().datasetName();
    return new Pruning(ds, List.of(v), tagsOf(catalog.tags(ds), List.of(v)), catalog.head(ds));
  }

  /** The tags among {@code tags} that name one of {@code gone}. */
  static SortedMap<String, Long> tagsOf(Map<String, Long> tags, List<Version> gone) {
    SortedMap<String, Long> theirs = new TreeMap<>();
    for (Map.Entry<String, Long> t : tags.entrySet()) {
      if (gone.stream().anyMatch(v -> v.record().number() == t.getValue())) theirs.put(t.getKey(), t.getValue());
    }
    return theirs;
  }

  /**
   * Removes what {@code plan} names, under the dataset's {@code lock}; refused when the dataset changed since the plan.
   * Tombstones first, then the record files, then the index in one write: a crash before the index write leaves
   * versions the index holds and the files lack, which the next open writes again (the removal did not happen).
   */
  void remove(Pruning plan, ReentrantLock lock) {
    lock.lock();
    try {
      DatasetName ds = plan.dataset();
      for (Version v : plan.versions()) {
        if (catalog.version(ds, v.record().number()).filter(now -> now.id().equals(v.id())).isEmpty()) {
          throw new ConflictException(v.label() + " changed while it was being removed: nothing removed; try again");
        }
      }
      records.retire(ds, plan.versions(), plan.tags().keySet());
      catalog.dropBelowHead(plan);
    } finally {
      lock.unlock();
    }
  }
}
