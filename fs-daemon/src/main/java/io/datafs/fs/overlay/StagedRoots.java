package io.datafs.fs.overlay;

import io.datafs.core.gc.GcRoots;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.tree.Directory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the staged changes of every writable mount name in the store, as GC roots: a moved directory's old tree, a
 * stored file placed, moved or re-moded (content the overlay names without a data file). Staged data files are no
 * packs, and the overlays' bases are mounted versions, which the caller adds.
 */
public final class StagedRoots {
  private StagedRoots() {}

  public static GcRoots of(KvStore kv) {
    List<GcRoots.Tree> trees = new ArrayList<>();
    List<GcRoots.File> files = new ArrayList<>();
    byte[] prefix = "n".getBytes(StandardCharsets.UTF_8);
    kv.scan(Table.OVERLAYS, prefix, (key, value) -> {
      // "n" overlay-id NUL path
      String label = "staged " + new String(key, 1, key.length - 1, StandardCharsets.UTF_8).replace('\0', ':');
      Node node = NodeCodec.decode(value);
      if (node instanceof Node.Dir d && d.lower() != null && !d.lower().equals(Directory.EMPTY_DIR)) {
        trees.add(new GcRoots.Tree(label, d.lower()));
      } else if (node instanceof Node.File f && f.base() != null) {
        files.add(new GcRoots.File(label, f.base()));
      }
      return true;
    });
    return new GcRoots(trees, files);
  }
}
