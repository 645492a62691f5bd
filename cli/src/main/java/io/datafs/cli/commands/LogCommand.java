package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.PathHistory;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.sync.TagRecord;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", description = {"List the versions of a dataset, newest first (on a remote with --remote).",
    "With PATH, only the versions that changed that file or directory, each marked A (added), M (modified) or D",
    "(deleted). A version the default remote holds ends with [on NAME]."})
public final class LogCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET") String dataset;
  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH") String path;
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "Read the versions a remote holds (the default remote when no name is given), without pulling.")
  String remoteName;
  @Option(names = "--sources", description = "The lineage: where each imported version came from (URL dataset@vN).")
  boolean sources;

  @Override
  protected int run() {
    DatasetName ds = new DatasetName(dataset.startsWith("ds:") ? dataset.substring(3) : dataset);
    List<Version> versions;
    Map<String, Long> tags = new LinkedHashMap<>();
    Map<Long, PathHistory.Changed> changes = null;
    String onRemote = null; // the default remote's name, on the versions it holds
    Predicate<Version> held = v -> false;
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().sync().browse(remote, RemoteAccess.ref(r))) {
        RemoteCatalog c = browser.catalog();
        long head = browser.initialised() ? c.head(ds) : 0;
        if (head == 0) throw new NotFoundException("remote " + RemoteAccess.label(r)
            + " has no dataset named '" + ds + "'");
        versions = new ArrayList<>(c.versions(ds, head));
        for (TagRecord t : c.tags(ds).usable().values()) tags.put(t.tag().value(), t.version());
        if (path != null) changes = byNumber(PathHistory.of(browser.pages(), versions, path));
      }
    } else {
      Repository repo = session.repo();
      versions = new ArrayList<>(repo.log(ds));
      tags.putAll(repo.tags(ds));
      if (path != null) changes = byNumber(repo.history(ds, path));
      Optional<Effective> def = RemoteAccess.defaultRemote(session);
      if (def.isPresent()) {
        onRemote = def.get().entry().name().toString();
        held = repo.sync().published(RemoteAccess.ref(def.get()))::holds;
      }
    }
    if (changes != null) {
      Map<Long, PathHistory.Changed> c = changes;
      versions.removeIf(v -> !c.containsKey(v.record().number()));
    }
    Collections.reverse(versions);
    if (json) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Version v : versions) {
        Map<String, Object> m = Views.version(v, tags);
        if (changes != null) m.put("change", changes.get(v.record().number()).kind().name().toLowerCase());
        if (onRemote != null) m.put("onDefaultRemote", held.test(v));
        out.add(m);
      }
      Json.print(session.out(), out);
      return 0;
    }
    // the semver column is there when the dataset has semantic versions, as wide as the widest
    int width = versions.stream().map(v -> Views.semverOf(v, tags)).filter(s -> s != null).mapToInt(String::length)
        .max().orElse(-2) + 2;
    for (int i = 0; i < versions.size(); i++) {
      Version v = versions.get(i);
      List<String> t = Views.tagsOf(v, tags);
      String semver = Views.semverOf(v, tags);
      session.out().printf("%sv%-4d %s  %s  %-12s %s%s%s%s%s%s%n",
          changes == null ? "" : changes.get(v.record().number()).kind().name().charAt(0) + " ",
          v.record().number(), v.id().shortHex(10),
          Format.time(v.record().time()), v.record().author(),
          width == 0 ? "" : String.format("%-" + width + "s", semver == null ? "-" : semver), v.record().message(),
          v.record().composed() == null ? "" : "  [composed]", t.isEmpty() ? "" : "  (" + String.join(", ", t) + ")",
          sources ? lineage(v.record().source()) : "", held.test(v) ? "  [on " + onRemote + "]" : "");
      if (changes == null) cut(v, i + 1 < versions.size() ? versions.get(i + 1).record().number() : 0);
    }
    return 0;
  }

  /** Where history was cut ({@code retain}): the numbers removed between {@code v} and the version before it here. */
  private void cut(Version v, long before) {
    long first = before + 1;
    long last = v.record().number() - 1;
    if (first > last) return;
    session.out().println("      -- v" + first + (first == last ? "" : "..v" + last) + " removed --");
  }

  private static Map<Long, PathHistory.Changed> byNumber(List<PathHistory.Changed> changes) {
    Map<Long, PathHistory.Changed> out = new HashMap<>();
    for (PathHistory.Changed c : changes) out.put(c.version().record().number(), c);
    return out;
  }

  /** Where an imported version came from; nothing for one made here. */
  private static String lineage(ImportSource s) {
    return s == null ? "" : "  <- " + s.url() + " " + s.label();
  }
}
