package io.datafs.core.repo;

import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.dataset.MetaCatalog;
import io.datafs.core.dataset.MetaEdit;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.sync.Listings;
import io.datafs.core.sync.MetaSync;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The datasets' own metadata as users see it (DataFS's archive metadata): {@code dataset create}, {@code set},
 * {@code show}, and its push and pull. A dataset exists once it has a version or a metadata record; {@code import}
 * makes one without metadata, which {@code set} then gives it. Thread-safe: records of the store are made one at a
 * time.
 */
public final class DatasetMetadata {
  private final Catalog catalog;
  private final MetaCatalog metas;

  DatasetMetadata(Catalog catalog, MetaCatalog metas) {
    this.catalog = catalog;
    this.metas = metas;
  }

  /** The datasets with versions or metadata, by name. */
  public SortedSet<DatasetName> datasets() {
    SortedSet<DatasetName> all = new TreeSet<>(catalog.datasets());
    all.addAll(metas.datasets());
    return all;
  }

  /** Whether {@code ds} has versions (else it exists by its metadata alone, or not at all). */
  public boolean hasVersions(DatasetName ds) {
    return catalog.head(ds) > 0;
  }

  /** The metadata records of {@code ds}, oldest first (none for a dataset whose metadata was never set). */
  public List<DatasetMeta> history(DatasetName ds) {
    return metas.history(ds);
  }

  /** The metadata of {@code ds} now: its latest record. */
  public Optional<DatasetMeta> latest(DatasetName ds) {
    return metas.latest(ds);
  }

  /**
   * Publishes the metadata {@code edit} makes of {@code ds}'s latest as its next record. {@code create}: the dataset
   * must not exist (no version, no metadata); otherwise it must.
   */
  public DatasetMeta set(DatasetName ds, MetaEdit edit, boolean create) {
    synchronized (metas) {
      Optional<DatasetMeta> latest = metas.latest(ds);
      boolean versions = hasVersions(ds);
      if (create && (versions || latest.isPresent())) {
        throw new ConflictException("dataset '" + ds + "' exists already (it has "
            + (versions ? "versions" : "metadata") + "): `datafs dataset set " + ds + "` changes its metadata");
      }
      if (!create && !versions && latest.isEmpty()) {
        throw new NotFoundException("no dataset named '" + ds + "' (`datafs dataset create " + ds + "` makes one)");
      }
      DatasetMeta m = edit.apply(ds, latest.orElse(null));
      metas.publish(m);
      return m;
    }
  }

  /** Creates on {@code remote} the metadata records of {@code datasets} (null: every dataset) it lacks. */
  public List<DatasetMeta> push(Remote remote, List<DatasetName> datasets) {
    List<DatasetName> which = datasets == null ? List.copyOf(metas.datasets()) : datasets;
    List<DatasetMeta> created = new MetaSync(metas).push(remote, which);
    // after the records: a reader over http(s) lists them by it (the push of versions before mended every listing)
    if (!created.isEmpty()) Listings.refresh(remote, RemoteLayout.DATASETS);
    return created;
  }

  /** Publishes here the metadata records of {@code ds} that {@code remote} has, after checking its chain. */
  public List<DatasetMeta> pull(Remote remote, DatasetName ds) {
    synchronized (metas) {
      return new MetaSync(metas).pull(remote, ds);
    }
  }
}
