package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.annotate.DataObject;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.label.Labels;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.WalkVisitor;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = {
    "List a directory of a version (or one file), here or on a remote with --remote.",
    "With filters (--query, --file, --glob, --label; applied in the order given)",
    "or --count, list instead the data objects below PATH that pass them: each",
    "data file, with its annotation (x.json beside x.<ext>) in -l and --json."})
public final class LsCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "PATH", defaultValue = "") String path;
  @Option(names = "-l", description = "Mode, size, sha256, mtime and the version that last changed each entry.") boolean longFormat;
  @Option(names = "-R", description = "Recurse into directories.") boolean recursive;
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "List a version on a remote (the default remote when no name is given), without pulling it.")
  String remoteName;
  @Option(names = "--count", description = "Print only how many data objects pass the filters.") boolean count;
  @Option(names = "--labels", description = "With -l: the labels of each file's content.") boolean labels;
  @Mixin(name = "filters") FilterOptions filters;

  @Override
  protected int run() {
    if (filters.any() || count) return listObjects();
    PrintStream out = session.out();
    List<Map<String, Object>> rows = json ? new ArrayList<>() : null;
    Labels known = labels && remoteName == null ? session.repo().labels() : null;
    WalkVisitor print = (p, e) -> {
      if (json) {
        Map<String, Object> row = Views.entry(p, e);
        if (known != null && e.isFile()) row.put("labels", known.of(e.contentId()));
        rows.add(row);
      } else {
        out.println(longFormat ? longLine(p, e) + labelsOf(known, e) : p + (e.isDir() ? "/" : ""));
      }
      return true;
    };
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().browse(remote, RemoteAccess.ref(r))) {
        browser.list(browser.resolve(address), path, recursive, print);
      }
    } else {
      Repository repo = session.repo();
      Version v = repo.resolve(address);
      repo.list(v, path, recursive, print);
    }
    if (json) Json.print(out, rows);
    out.flush();
    return 0;
  }

  /** LDB's LIST: the data objects that pass the filters, streamed in path order. */
  private int listObjects() {
    if (remoteName != null) {
      session.err().println("datafs: filters list objects of versions in this store; pull the version first"
          + " (datafs pull --metadata-only)");
      return 2;
    }
    Optional<List<ObjectFilter>> parsed = filters.parse(session.err());
    if (parsed.isEmpty()) return 2;
    Repository repo = session.repo();
    Version v = repo.resolve(address);
    PrintStream out = session.out();
    List<Map<String, Object>> rows = json ? new ArrayList<>() : null;
    Labels known = labels ? repo.labels() : null;
    long[] n = {0};
    long[] flushed = {0};
    repo.selection(parsed.get()).forEach(v, path, o -> {
      n[0]++;
      if (count) return true;
      if (json) {
        rows.add(Views.object(o, known));
        return true;
      }
      out.println(longFormat ? objectLine(o) + labelsOf(known, o.data()) : o.path());
      // the first line at once, then at most 10 times a second; a reader gone (| head) stops the walk
      if (n[0] == 1 || System.nanoTime() - flushed[0] > 100_000_000L) {
        flushed[0] = System.nanoTime();
        return !out.checkError();
      }
      return true;
    });
    if (count) {
      if (json) Json.print(out, Map.of("count", n[0]));
      else out.println(n[0]);
    } else if (json) {
      Json.print(out, rows);
    }
    out.flush();
    return 0;
  }

  private static String objectLine(DataObject o) {
    String annotation = o.annotation() == null ? String.format("%-64s", "-") : o.annotation().contentId().hex();
    return String.format("%12d %s %s %s", o.data().size(), o.data().contentId().hex(), annotation, o.path());
  }

  private static String labelsOf(Labels known, TreeEntry e) {
    if (known == null || !e.isFile()) return "";
    SortedSet<String> of = known.of(e.contentId());
    return of.isEmpty() ? "" : "  [" + String.join(",", of) + "]";
  }

  private static String longLine(String path, TreeEntry e) {
    String id = e.isFile() ? e.contentId().hex() : String.format("%-64s", "-");
    String name = e.isSymlink() ? path + " -> " + e.target() : e.isDir() ? path + "/" : path;
    return String.format("%s %12d %s %s v%-3d %s", Format.mode(e), e.size(), id, Format.time(e.mtimeNanos()),
        e.changedIn(), name);
  }
}
