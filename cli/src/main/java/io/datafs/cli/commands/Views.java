package io.datafs.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datafs.cli.output.Format;
import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.annotate.DataObject;
import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.label.Labels;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Semver;
import io.datafs.core.version.SemverRange;
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
    m.put("semver", semverOf(v, allTags));
    if (r.composed() != null) m.put("composed", r.composed());
    if (r.source() != null) m.put("source", r.source());
    return m;
  }

  /** What import and commit print about the version they made: a line (between prefix and suffix), or JSON. */
  static void printMade(java.io.PrintStream out, ImportResult r, boolean json, String prefix, String suffix) {
    if (json) {
      Map<String, Object> m = version(r.version(), r.semver() == null ? Map.of()
          : Map.of(r.semver().toString(), r.version().record().number()));
      m.put("chunksAdded", r.chunksAdded());
      m.put("storedBytesAdded", r.storedBytesAdded());
      m.put("annotationsParsed", r.annotations().parsed());
      m.put("invalidAnnotations", r.annotations().invalid());
      io.datafs.cli.output.Json.print(out, m);
    } else {
      Totals t = r.version().record().totals();
      out.printf("%s%s%s  %s files, %s; %s new in the store  (%s)%s%n", prefix, r.version().label(),
          r.semver() == null ? "" : " (" + r.semver() + ")", Format.count(t.files()),
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

  /** A dataset as {@code datasets} lists it: its latest version (null: none yet) and metadata (null: never set). */
  record DatasetRow(DatasetName name, Version latest, DatasetMeta meta) {
    /** What {@code --where} queries: the metadata's JSON object, {@code {}} when it was never set. */
    JsonNode queryable() {
      return meta == null ? JsonNodeFactory.instance.objectNode() : meta.record().queryable();
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name.value());
      m.put("latest", latest == null ? null : latest.record().number());
      m.put("time", latest == null ? null : latest.record().time());
      m.put("files", latest == null ? 0 : latest.record().totals().files());
      m.put("bytes", latest == null ? 0 : latest.record().totals().bytes());
      m.put("description", meta == null ? null : meta.record().description());
      m.put("metadata", meta == null ? Map.of() : meta.record().metadata());
      return m;
    }
  }

  /** A dataset's metadata record as {@code dataset show --json} prints it. */
  static Map<String, Object> meta(DatasetMeta d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", d.record().dataset());
    m.put("number", d.record().number());
    m.put("id", d.id().hex());
    m.put("parent", d.record().parent());
    m.put("description", d.record().description());
    m.put("metadata", d.record().metadata());
    m.put("author", d.record().author());
    m.put("time", d.record().time());
    return m;
  }

  /** What {@code dataset show --json} prints of a dataset whose metadata was never set. */
  static Map<String, Object> noMeta(DatasetName ds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", ds.value());
    m.put("number", 0);
    m.put("description", null);
    m.put("metadata", Map.of());
    return m;
  }

  /** The highest semantic version among the version's tags, or null (a version has at most one, unless hand-made). */
  static String semverOf(Version v, Map<String, Long> allTags) {
    return SemverRange.semvers(tagsOf(v, allTags)).stream().reduce((a, b) -> b).map(Semver::toString).orElse(null);
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
