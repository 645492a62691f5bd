package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Entries for tests. */
final class Entries {
  private Entries() {}

  static TreeEntry file(String name) {
    return file(name, 1);
  }

  /** A file whose content depends on its name and a revision number. */
  static TreeEntry file(String name, long revision) {
    ObjectId content = ObjectId.hash((name + "#" + revision).getBytes(StandardCharsets.UTF_8));
    return TreeEntry.file(name, 0644, name.length() + revision, 1_700_000_000_000_000_000L + revision, revision,
        content, null);
  }

  static TreeEntry dir(String name, ObjectId id) {
    return TreeEntry.dir(name, 0755, 1_700_000_000_000_000_000L, 1, id);
  }

  static String name(int i) {
    String digits = Integer.toString(i);
    return "f" + "0000000".substring(Math.min(digits.length(), 7)) + digits;
  }

  static NavigableMap<String, TreeEntry> files(int n) {
    NavigableMap<String, TreeEntry> m = new TreeMap<>(Names.ORDER);
    for (int i = 0; i < n; i++) m.put(name(i), file(name(i)));
    return m;
  }

  static ObjectId build(PageStore store, Collection<TreeEntry> sorted) {
    TreeBuilder b = new TreeBuilder(store);
    sorted.forEach(b::add);
    return b.finish();
  }

  static List<TreeEntry> list(PageStore store, ObjectId dirId) {
    List<TreeEntry> out = new ArrayList<>();
    Directory.list(store, dirId, out::add);
    return out;
  }

  static NavigableMap<String, TreeEntry> edits() {
    return new TreeMap<>(Names.ORDER);
  }
}
