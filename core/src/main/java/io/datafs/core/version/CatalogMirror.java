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

  /** {@code v} and its tags left the index ({@link CatalogRewind}): their copies go too. */
  default void dropped(Version v, java.util.Collection<String> tags) {}
}
