package io.datafs.core.compose;

import io.datafs.core.annotate.DataObject;
import io.datafs.core.error.ConflictException;
import io.datafs.core.select.Sample;
import io.datafs.core.select.Selection;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreePaths;
import io.datafs.core.version.Version;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Chooses the objects of a composed version: each source's selected objects at their own path (or under a folder
 * named after the source's dataset), sampled, then limited in path order. What it holds is entries, never bytes:
 * memory grows with the number of objects chosen before the limit (about 300 bytes each).
 */
final class Chooser {
  /** A file chosen, and the source it came from (to name in a conflict). */
  private record Chosen(TreeEntry entry, Version source) {}

  private final Selection selection;
  private final Sample sample;
  private final boolean prefixSource;
  private final SortedMap<String, Chosen> files = new TreeMap<>(TreePaths.ORDER);
  /** Data path -> its annotation's path (or null), in path order: what the limit counts. */
  private final SortedMap<String, String> objects = new TreeMap<>(TreePaths.ORDER);
  private long chosen;

  Chooser(Selection selection, Sample sample, boolean prefixSource) {
    this.selection = selection;
    this.sample = sample;
    this.prefixSource = prefixSource;
  }

  /** Takes the selected objects of {@code source}. */
  void take(Version source) {
    String prefix = prefixSource ? source.record().dataset() + "/" : "";
    selection.forEach(source, "", o -> {
      if (sample != null && !sample.keeps(o.data().contentId())) return true;
      String data = prefix + o.path();
      String annotation = o.annotation() == null ? null : prefix + o.annotationPath();
      put(data, o.data(), source);
      if (annotation != null) put(annotation, o.annotation(), source);
      objects.put(data, annotation);
      return true;
    });
  }

  private void put(String path, TreeEntry e, Version source) {
    Chosen before = files.putIfAbsent(path, new Chosen(e, source));
    if (before != null && !before.entry.contentId().equals(e.contentId())) {
      throw new ConflictException(before.source.label() + " and " + source.label() + " hold different content at "
          + Names.printable(path) + ": filter one out, or compose with --prefix-source");
    }
  }

  /** The files chosen (data files and their annotations), path -> entry, the first {@code limit} objects only. */
  SortedMap<String, TreeEntry> result(Long limit) {
    SortedMap<String, TreeEntry> out = new TreeMap<>(TreePaths.ORDER);
    long limitOr = limit == null ? Long.MAX_VALUE : limit;
    for (Map.Entry<String, String> o : objects.entrySet()) {
      if (chosen == limitOr) break;
      chosen++;
      out.put(o.getKey(), files.get(o.getKey()).entry);
      if (o.getValue() != null) out.put(o.getValue(), files.get(o.getValue()).entry);
    }
    return out;
  }

  /** How many data objects {@link #result} kept. */
  long chosen() {
    return chosen;
  }
}
