package io.datafs.core.version;

import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.Table;
import java.nio.ByteBuffer;
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

  /** Drops every version of {@code ds} after {@code keep} (0: all of them) and their tags, in one durable write. */
  public List<Dropped> dropAfter(DatasetName ds, long keep) {
    synchronized (catalog) { // publish and tag hold the same monitor
      List<Dropped> out = new ArrayList<>();
      Map<String, Long> tags = catalog.tags(ds);
      KvBatch batch = new KvBatch();
      for (Version v : catalog.versions(ds)) {
        long n = v.record().number();
        if (n <= keep) continue;
        List<String> named = tags.entrySet().stream().filter(t -> t.getValue() == n).map(Map.Entry::getKey).toList();
        for (String t : named) batch.delete(Table.REFS, Catalog.refKey("tag", ds.value(), t));
        batch.delete(Table.VERSIONS, Catalog.versionKey(ds, n)).delete(Table.VERSION_IDS, v.id().toBytes());
        out.add(new Dropped(v, named));
      }
      if (out.isEmpty()) return out;
      byte[] head = Catalog.refKey("head", ds.value());
      if (keep == 0) batch.delete(Table.REFS, head);
      else batch.put(Table.REFS, head, ByteBuffer.allocate(8).putLong(keep).array());
      catalog.kv().write(batch.sync());
      for (Dropped d : out) catalog.mirror().dropped(d.version(), d.tags());
      return out;
    }
  }

  /** Publishes dropped versions back, oldest first, with their tags: undoes {@link #dropAfter}. */
  public void restore(List<Dropped> dropped) {
    for (Dropped d : dropped) {
      catalog.publish(d.version(), d.tags().stream().filter(TagName::isValid).map(TagName::new).toList(), new KvBatch());
    }
  }
}
