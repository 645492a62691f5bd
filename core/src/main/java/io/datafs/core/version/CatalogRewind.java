package io.datafs.core.version;

import io.datafs.core.kv.KvBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes a dataset's newest versions out of the index, so the head is an earlier version again: what {@code pull
 * --rebase} does to the versions it replays. Their trees and content stay in the packs (the garbage collector decides
 * about them), and the dropped records are returned, so a caller that fails afterwards can publish them back.
 */
public final class CatalogRewind {
  /** A version taken out, with the tags that named it. */
  public record Dropped(Version version, List<String> tags) {}

  private final Catalog catalog;

  public CatalogRewind(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Drops every version of {@code ds} after {@code keep} (0: all of them) and their tags: their record files first,
   * then the index in one durable write ({@link Catalog#drop}, as {@code rm} does).
   */
  public List<Dropped> dropAfter(DatasetName ds, long keep) {
    synchronized (catalog) { // publish and tag hold the same monitor
      List<Dropped> out = new ArrayList<>();
      Map<String, Long> tags = catalog.tags(ds);
      for (Version v : catalog.versions(ds)) {
        long n = v.record().number();
        if (n <= keep) continue;
        out.add(new Dropped(v,
            tags.entrySet().stream().filter(t -> t.getValue() == n).map(Map.Entry::getKey).toList()));
      }
      if (out.isEmpty()) return out;
      for (Dropped d : out) catalog.mirror().dropped(d.version(), d.tags());
      catalog.drop(ds, keep + 1, new KvBatch());
      return out;
    }
  }

  /** Publishes dropped versions back, oldest first, with their tags: undoes {@link #dropAfter}. */
  public void restore(List<Dropped> dropped) {
    for (Dropped d : dropped) {
      catalog.publish(d.version(), d.tags().stream().filter(TagName::isValid).map(TagName::new).toList(),
          new KvBatch());
    }
  }
}
