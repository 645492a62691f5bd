package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.query.Query;
import io.datafs.core.query.QueryParseException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.DatasetMetadata;
import io.datafs.core.sync.MetaSync;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "datasets", description = {"List the datasets in the store, or on a remote with --remote, with each",
    "one's description. --where keeps those whose metadata makes QUERY true: the query language of --query",
    "(docs/QUERY.md) over {\"description\": ..., \"<key>\": \"<value>\", ...}."})
public final class DatasetsCommand extends DatafsSubcommand {
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "List a remote's datasets (the default remote when no name is given), without pulling.")
  String remoteName;
  @Option(names = "--where", paramLabel = "QUERY", description = "Only datasets whose metadata makes QUERY true ("
      + "owner == \"vision\").")
  String where;

  @Override
  protected int run() {
    Query query;
    try {
      query = where == null ? null : Query.parse(where);
    } catch (QueryParseException e) {
      session.err().println("datafs: --where: " + e.getMessage());
      return 2;
    }
    List<Views.DatasetRow> rows = new ArrayList<>();
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().browse(remote, RemoteAccess.ref(r))) {
        if (browser.initialised()) {
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
        }
      }
    } else {
      DatasetMetadata metas = session.repo().datasetMeta();
      for (DatasetName ds : metas.datasets()) {
        rows.add(new Views.DatasetRow(ds, metas.hasVersions(ds) ? session.repo().resolve(ds.value()) : null,
            metas.latest(ds).orElse(null)));
      }
    }
    if (query != null) rows.removeIf(row -> !query.matches(row.queryable()));
    if (json) {
      Json.print(session.out(), rows.stream().map(Views.DatasetRow::json).toList());
      return 0;
    }
    for (Views.DatasetRow row : rows) {
      Map<String, Object> m = row.json();
      Version v = row.latest();
      String versions = v == null ? String.format("%-6s %19s  %10s        %10s", "-", "", "", "")
          : String.format("v%-5s %s  %10s files  %10s", v.record().number(), Format.time(v.record().time()),
              Format.count(v.record().totals().files()), Format.bytes(v.record().totals().bytes()));
      String description = (String) m.get("description");
      session.out().println(String.format("%-24s %s%s", row.name(), versions,
          description == null || description.isEmpty() ? "" : "  " + description).stripTrailing());
    }
    return 0;
  }
}
