package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.cli.LocalCommand;
import io.datafs.cli.RegistryUrl;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.cli.output.LinePacer;
import io.datafs.core.annotate.DataObject;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.label.Labels;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.repo.Repository;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.WalkVisitor;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    "List a directory of a version (or one file), here or on a remote.",
    "A remote is --remote NAME (configured), or a URL given first (s3://...,",
    "az://..., a folder written with a '/'), which needs no store at all.",
    "With filters (--query, --file, --glob, --label; applied in the order given)",
    "or --count, list instead the data objects below PATH that pass them: each",
    "data file, with its annotation (x.json beside x.<ext>) in -l and --json."})
public final class LsCommand extends DatafsSubcommand implements LocalCommand {
  @Parameters(index = "0..2", arity = "1..3", paramLabel = "[URL] DATASET@VERSION [PATH]") List<String> operands;
  @Option(names = "-l", description = "Mode, size, sha256, mtime and the version that last changed each entry.")
  boolean longFormat;
  @Option(names = "-R", description = "Recurse into directories.") boolean recursive;
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "List a version on a remote (the default remote when no name is given), without pulling it.")
  String remoteName;
  @Option(names = "--endpoint", paramLabel = "URL", description = "With a remote's URL: its S3-compatible server.")
  String endpoint;
  @Option(names = "--count", description = "Print only how many data objects pass the filters.") boolean count;
  @Option(names = "--labels", description = "With -l: the labels of each file's content.") boolean labels;
  @Mixin(name = "filters") FilterOptions filters;

  @Override
  public boolean runsHere() {
    return RegistryUrl.is(operands.get(0));
  }

  /** {@code datafs ls URL DS@V [PATH]}: in the client, over the remote alone; no store is opened or made. */
  @Override
  public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
    if (operands.size() < 2) {
      throw new InvalidInputException("name a version after the URL: datafs ls URL DATASET@VERSION");
    }
    if (filters.any() || count || remoteName != null) {
      throw new InvalidInputException("a remote given by its URL is listed by path only: --remote, filters and --count"
          + " are for versions in the store");
    }
    List<Map<String, Object>> rows = json ? new ArrayList<>() : null;
    RemoteRef ref = RegistryUrl.ref(operands.get(0), endpoint, cwd);
    try (Remote remote = RegistryUrl.open(ref, env); RemoteBrowser browser = RegistryUrl.browse(remote)) {
      browser.list(browser.resolve(operands.get(1)), operands.size() > 2 ? operands.get(2) : "", recursive,
          printer(out, null, rows));
    } catch (LinePacer.ReaderGone gone) {
      return 0;
    }
    if (json) Json.print(out, rows);
    out.flush();
    return 0;
  }

  @Override
  protected int run() {
    if (operands.size() > 2) {
      throw new InvalidInputException("'" + operands.get(0) + "' is not a remote's URL: a folder is written with a '/',"
          + " as ./" + operands.get(0));
    }
    if (endpoint != null) throw new InvalidInputException("--endpoint goes with a remote's URL: datafs ls URL ...");
    String address = operands.get(0);
    String path = operands.size() > 1 ? operands.get(1) : "";
    if (filters.any() || count) return listObjects(address, path);
    PrintStream out = session.out();
    List<Map<String, Object>> rows = json ? new ArrayList<>() : null;
    Labels known = labels && remoteName == null ? session.repo().labels() : null;
    WalkVisitor print = printer(out, known, rows);
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().sync().browse(remote, RemoteAccess.ref(r))) {
        browser.list(browser.resolve(address), path, recursive, print);
      } catch (LinePacer.ReaderGone gone) {
        return 0;
      }
    } else {
      Repository repo = session.repo();
      try {
        repo.list(resolveHere(repo, address), path, recursive, print);
      } catch (LinePacer.ReaderGone gone) {
        return 0;
      }
    }
    if (json) Json.print(out, rows);
    out.flush();
    return 0;
  }

  /** The version here; a miss whose name is a remote's folder says how to write a URL. */
  private Version resolveHere(Repository repo, String address) {
    try {
      return repo.resolve(address);
    } catch (NotFoundException e) {
      if (!Files.isRegularFile(session.path(Path.of(address)).resolve(RemoteLayout.FORMAT.value()))) throw e;
      throw new NotFoundException(e.getMessage() + " ('" + address + "' is a remote's folder: write it with a '/',"
          + " as ./" + address + ")");
    }
  }

  /** Prints each entry (with its labels, when {@code known} is given), or adds it to {@code rows} for --json. */
  private WalkVisitor printer(PrintStream out, Labels known, List<Map<String, Object>> rows) {
    LinePacer pacer = new LinePacer(out);
    return (p, e) -> {
      if (json) {
        Map<String, Object> row = Views.entry(p, e);
        if (known != null && e.isFile()) row.put("labels", known.of(e.contentId()));
        rows.add(row);
        return true;
      }
      out.println(longFormat ? longLine(p, e) + labelsOf(known, e) : p + (e.isDir() ? "/" : ""));
      pacer.printedOrStop(); // a visitor's false only skips a directory's children: a flat listing goes on
      return true;
    };
  }

  /** LDB's LIST: the data objects that pass the filters, streamed in path order. */
  private int listObjects(String address, String path) {
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
    LinePacer pacer = new LinePacer(out);
    repo.selection(parsed.get()).forEach(v, path, o -> {
      n[0]++;
      if (count) return true;
      if (json) {
        rows.add(Views.object(o, known));
        return true;
      }
      out.println(longFormat ? objectLine(o) + labelsOf(known, o.data()) : o.path());
      return pacer.printed();
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
