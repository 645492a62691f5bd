package io.datafs.core.version;

/**
 * Told of each version and tag once the index has published it, to keep a copy of the catalog outside the index
 * ({@code io.datafs.core.store.LocalRecords}). It must not fail the publish, which has happened: it reports its own
 * failures.
 */
public interface CatalogMirror {
  CatalogMirror NONE = new CatalogMirror() {
    @Override public void published(Version v) {}

    @Override public void tagged(Version v, TagName tag) {}
  };

  void published(Version v);

  void tagged(Version v, TagName tag);

  /**
   * A version below the one being published was removed where it came from ({@code retain}): its tombstone is kept,
   * so the version naming it as its parent is accepted again when the index is rebuilt. Told before the index write.
   */
  default void retired(Version removed) {}

  /** {@code v} and its tags left the index ({@link CatalogRewind}): their copies go too. */
  default void dropped(Version v, java.util.Collection<String> tags) {}
}
