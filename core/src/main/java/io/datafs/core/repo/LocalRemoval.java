package io.datafs.core.repo;

import io.datafs.core.dataset.MetaCatalog;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.store.LocalRecords;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Removal;
import io.datafs.core.version.Version;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Removes the newest versions of a dataset from this store (what {@code rm --local} and {@code reset --hard} do):
 * their records and the tags naming them, never their content, which a later GC reclaims once nothing names it. Only
 * the newest, from a number up to the head: a version names the one before it, so what stays is a whole history.
 */
final class LocalRemoval {
  private final Catalog catalog;
  private final MetaCatalog metas;
  private final LocalRecords records;

  LocalRemoval(Catalog catalog, MetaCatalog metas, LocalRecords records) {
    this.catalog = catalog;
    this.metas = metas;
    this.records = records;
  }

  /** What removing {@code from} up to the head of {@code ds} would remove; {@code from} 1 is the whole dataset. */
  Removal plan(DatasetName ds, long from) {
    long head = catalog.head(ds);
    if (head == 0) throw new NotFoundException("no dataset named '" + ds + "'");
    if (from < 1 || from > head) {
      throw new InvalidInputException("no version v" + from + " in dataset '" + ds + "' (latest is v" + head + ")");
    }
    List<Version> versions = catalog.versions(ds).stream().filter(v -> v.record().number() >= from).toList();
    SortedMap<String, Long> tags = new TreeMap<>();
    for (Map.Entry<String, Long> t : catalog.tags(ds).entrySet()) {
      if (t.getValue() >= from) tags.put(t.getKey(), t.getValue());
    }
    return new Removal(ds, versions, tags);
  }

  /**
   * Removes what {@code plan} names, under the dataset's {@code lock} (no version is made or pulled meanwhile); refused
   * when the dataset moved since the plan. Record files go first, then the index in one write ({@link
   * LocalRecords#forget}); a whole dataset takes its metadata records with it.
   */
  void remove(Removal plan, ReentrantLock lock) {
    lock.lock();
    try {
      DatasetName ds = plan.dataset();
      if (catalog.head(ds) != plan.last()) {
        throw new ConflictException(ds + " changed while it was being removed (its latest is now v" + catalog.head(ds)
            + "): nothing removed; try again");
      }
      records.forget(ds, plan.versions(), plan.tags().keySet(), plan.wholeDataset());
      KvBatch batch = new KvBatch();
      if (plan.wholeDataset()) metas.dropAll(ds, batch);
      catalog.drop(ds, plan.first(), batch);
    } finally {
      lock.unlock();
    }
  }
}
