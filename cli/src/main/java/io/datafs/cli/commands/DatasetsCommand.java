package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.LocalCommand;
import io.datafs.cli.RegistryUrl;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.query.Query;
import io.datafs.core.query.QueryParseException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.DatasetMetadata;
import io.datafs.core.sync.MetaSync;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "datasets", description = {"List the datasets in the store, or on a remote, with each one's",
    "description. A remote is --remote NAME (configured), or a URL (s3://..., az://..., a folder written with a",
    "'/'), which needs no store at all. --where keeps those whose metadata makes QUERY true: the query language of",
    "--query (docs/QUERY.md) over {\"description\": ..., \"<key>\": \"<value>\", ...}."})
public final class DatasetsCommand extends DatafsSubcommand implements LocalCommand {
  @Parameters(arity = "0..1", paramLabel = "URL") String url;
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "List a remote's datasets (the default remote when no name is given), without pulling.")
  String remoteName;
  @Option(names = "--endpoint", paramLabel = "URL", description = "With a remote's URL: its S3-compatible server.")
  String endpoint;
  @Option(names = "--where", paramLabel = "QUERY", description = "Only datasets whose metadata makes QUERY true ("
      + "owner == \"vision\").")
  String where;
  @Option(names = "--sync", description = {"Where each dataset stands against the remote (--remote NAME, else the "
      + "default): local only, remote only, up to date, ahead N (versions not pushed), behind N (not pulled), or",
      "diverged; offline, what this store holds with the remote's state unknown."})
  boolean sync;

  @Override
  public boolean runsHere() {
    return url != null;
  }

  /** {@code datafs datasets URL}: in the client, over the remote alone; no store is opened or made. */
  @Override
  public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
    if (remoteName != null) throw new InvalidInputException("name a remote by --remote or by its URL, not both");
    if (sync) throw new InvalidInputException("--sync compares this store with a configured remote: give no URL");
    Query query = parseWhere(System.err);
    if (where != null && query == null) return 2;
    try (Remote remote = RegistryUrl.open(RegistryUrl.ref(url, endpoint, cwd), env);
         RemoteBrowser browser = RegistryUrl.browse(remote)) {
      print(out, filter(ofRemote(remote, browser), query));
    }
    return 0;
  }

  @Override
  protected int run() {
    if (endpoint != null) throw new InvalidInputException("--endpoint goes with a remote's URL: datafs datasets URL");
    Query query = parseWhere(session.err());
    if (where != null && query == null) return 2;
    if (sync) {
      if (where != null) throw new InvalidInputException("--where does not go with --sync");
      Effective r = RemoteAccess.choose(session, remoteName == null || remoteName.isEmpty() ? null : remoteName);
      SyncView.print(session, r, json);
      return 0;
    }
    List<Views.DatasetRow> rows = new ArrayList<>();
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().sync().browse(remote, RemoteAccess.ref(r))) {
        rows = ofRemote(remote, browser);
      }
    } else {
      DatasetMetadata metas = session.repo().datasetMeta();
      for (DatasetName ds : metas.datasets()) {
        rows.add(new Views.DatasetRow(ds, metas.hasVersions(ds) ? session.repo().resolve(ds.value()) : null,
            metas.latest(ds).orElse(null)));
      }
    }
    print(session.out(), filter(rows, query));
    return 0;
  }

  /** The --where query, or null (and why on {@code err}) when it does not parse; null too when there is none. */
  private Query parseWhere(PrintStream err) {
    try {
      return where == null ? null : Query.parse(where);
    } catch (QueryParseException e) {
      err.println("datafs: --where: " + e.getMessage());
      return null;
    }
  }

  private static List<Views.DatasetRow> filter(List<Views.DatasetRow> rows, Query query) {
    if (query != null) rows.removeIf(row -> !query.matches(row.queryable()));
    return rows;
  }

  /** Each dataset a remote holds (with versions or metadata), with its latest version and metadata. */
  private static List<Views.DatasetRow> ofRemote(Remote remote, RemoteBrowser browser) {
    List<Views.DatasetRow> rows = new ArrayList<>();
    if (!browser.initialised()) return rows;
    RemoteCatalog c = browser.catalog();
    SortedSet<DatasetName> names = new TreeSet<>(c.datasets());
    SortedSet<DatasetName> described = MetaSync.datasets(remote);
    names.addAll(described);
    for (DatasetName ds : names) {
      long head = c.head(ds);
      List<DatasetMeta> metas = described.contains(ds) ? MetaSync.chain(remote, ds) : List.of();
      rows.add(new Views.DatasetRow(ds, head == 0 ? null : c.find(ds, head),
          metas.isEmpty() ? null : metas.get(metas.size() - 1)));
    }
    return rows;
  }

  private void print(PrintStream out, List<Views.DatasetRow> rows) {
    if (json) {
      Json.print(out, rows.stream().map(Views.DatasetRow::json).toList());
      return;
    }
    for (Views.DatasetRow row : rows) {
      Map<String, Object> m = row.json();
      Version v = row.latest();
      String versions = v == null ? String.format("%-6s %19s  %10s        %10s", "-", "", "", "")
          : String.format("v%-5s %s  %10s files  %10s", v.record().number(), Format.time(v.record().time()),
              Format.count(v.record().totals().files()), Format.bytes(v.record().totals().bytes()));
      String description = (String) m.get("description");
      out.println(String.format("%-24s %s%s", row.name(), versions,
          description == null || description.isEmpty() ? "" : "  " + description).stripTrailing());
    }
  }
}
