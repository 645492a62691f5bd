package io.datafs.cli.commands;

import io.datafs.cli.output.Format;
import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.annotate.DataObject;
import io.datafs.core.label.Labels;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of versions and entries, shared by the commands that print them. */
final class Views {
  private Views() {}

  static Map<String, Object> version(Version v, Map<String, Long> allTags) {
    VersionRecord r = v.record();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", r.dataset());
    m.put("version", r.number());
    m.put("id", v.id().hex());
    m.put("parent", r.parent());
    m.put("root", r.root());
    m.put("message", r.message());
    m.put("author", r.author());
    m.put("time", r.time());
    m.put("metadata", r.metadata());
    m.put("totals", r.totals());
    m.put("tags", tagsOf(v, allTags));
    if (r.composed() != null) m.put("composed", r.composed());
    if (r.source() != null) m.put("source", r.source());
    return m;
  }

  /** What import and commit print about the version they made: a line (between prefix and suffix), or JSON. */
  static void printMade(java.io.PrintStream out, ImportResult r, boolean json, String prefix, String suffix) {
    if (json) {
      Map<String, Object> m = version(r.version(), Map.of());
      m.put("chunksAdded", r.chunksAdded());
      m.put("storedBytesAdded", r.storedBytesAdded());
      m.put("annotationsParsed", r.annotations().parsed());
      m.put("invalidAnnotations", r.annotations().invalid());
      io.datafs.cli.output.Json.print(out, m);
    } else {
      Totals t = r.version().record().totals();
      out.printf("%s%s  %s files, %s; %s new in the store  (%s)%s%n", prefix, r.version().label(), Format.count(t.files()),
          Format.bytes(t.bytes()), Format.bytes(r.storedBytesAdded()), r.version().id().shortHex(12), suffix);
    }
  }

  /** Most invalid annotations named one per line after a new version; --json lists them all. */
  private static final int INVALID_SHOWN = 20;

  /** Warns of the new version's annotations that are not valid JSON: they match no query, and fail nothing. */
  static void warnInvalid(java.io.PrintStream err, ImportResult r) {
    List<AnnotationIndex.Invalid> invalid = r.annotations().invalid();
    for (AnnotationIndex.Invalid i : invalid.subList(0, Math.min(INVALID_SHOWN, invalid.size()))) {
      err.println("datafs: warning: annotation " + i.path() + " is not valid JSON (" + i.why()
          + "): it matches no query");
    }
    if (invalid.size() > INVALID_SHOWN) {
      err.println("datafs: warning: and " + (invalid.size() - INVALID_SHOWN) + " more invalid annotations"
          + " (--json lists them all)");
    }
  }

  static List<String> tagsOf(Version v, Map<String, Long> allTags) {
    return allTags.entrySet().stream().filter(e -> e.getValue() == v.record().number()).map(Map.Entry::getKey).toList();
  }

  /** A data object as {@code ls} lists it with filters: path, size, sha256, and its annotation's path and sha256. */
  static Map<String, Object> object(DataObject o, Labels labels) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", o.path());
    m.put("size", o.data().size());
    m.put("sha256", o.data().contentId().hex());
    m.put("annotation", o.annotationPath());
    m.put("annotationSha256", o.annotation() == null ? null : o.annotation().contentId().hex());
    if (labels != null) m.put("labels", labels.of(o.data().contentId()));
    return m;
  }

  static Map<String, Object> entry(String path, TreeEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("type", e.kind().name().toLowerCase());
    m.put("mode", String.format("%04o", e.mode()));
    m.put("size", e.size());
    if (e.isFile()) m.put("sha256", e.contentId().hex());
    if (e.isSymlink()) m.put("target", e.target());
    m.put("mtime", Format.isoTime(e.mtimeNanos()));
    m.put("changedIn", e.changedIn());
    return m;
  }
}
