package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "datasets", description = "List the datasets in the store, or on a remote with --remote.")
public final class DatasetsCommand extends DatafsSubcommand {
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "List a remote's datasets (the default remote when no name is given), without pulling.")
  String remoteName;

  @Override
  protected int run() {
    List<Version> latest = new ArrayList<>();
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().browse(remote, RemoteAccess.ref(r))) {
        if (browser.initialised()) {
          RemoteCatalog c = browser.catalog();
          for (DatasetName ds : c.datasets()) latest.add(c.find(ds, c.head(ds)));
        }
      }
    } else {
      Repository repo = session.repo();
      for (DatasetName ds : repo.datasets()) latest.add(repo.resolve(ds.value()));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Version v : latest) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", v.record().dataset());
      m.put("latest", v.record().number());
      m.put("time", v.record().time());
      m.put("files", v.record().totals().files());
      m.put("bytes", v.record().totals().bytes());
      rows.add(m);
    }
    if (json) {
      Json.print(session.out(), rows);
      return 0;
    }
    for (Map<String, Object> m : rows) {
      session.out().printf("%-24s v%-5s %s  %10s files  %10s%n", m.get("name"), m.get("latest"),
          Format.time((String) m.get("time")), Format.count((Long) m.get("files")), Format.bytes((Long) m.get("bytes")));
    }
    return 0;
  }
}
