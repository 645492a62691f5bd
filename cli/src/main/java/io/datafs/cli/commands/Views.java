package io.datafs.cli.commands;

import io.datafs.cli.output.Format;
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
    return m;
  }

  /** What import and commit print about the version they made: a line (between prefix and suffix), or JSON. */
  static void printMade(java.io.PrintStream out, ImportResult r, boolean json, String prefix, String suffix) {
    if (json) {
      Map<String, Object> m = version(r.version(), Map.of());
      m.put("chunksAdded", r.chunksAdded());
      m.put("storedBytesAdded", r.storedBytesAdded());
      io.datafs.cli.output.Json.print(out, m);
    } else {
      Totals t = r.version().record().totals();
      out.printf("%s%s  %s files, %s; %s new in the store  (%s)%s%n", prefix, r.version().label(), Format.count(t.files()),
          Format.bytes(t.bytes()), Format.bytes(r.storedBytesAdded()), r.version().id().shortHex(12), suffix);
    }
  }

  static List<String> tagsOf(Version v, Map<String, Long> allTags) {
    return allTags.entrySet().stream().filter(e -> e.getValue() == v.record().number()).map(Map.Entry::getKey).toList();
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
