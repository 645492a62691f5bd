package io.datafs.core.dataset;

/**
 * Told of each dataset metadata record once the index holds it, to keep a copy outside the index
 * ({@code io.datafs.core.store.LocalRecords}); as {@code CatalogMirror}, it must not fail the publish, which has
 * happened.
 */
public interface MetaMirror {
  MetaMirror NONE = m -> {};

  void published(DatasetMeta m);
}
