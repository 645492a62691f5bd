package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.LocalCommand;
import io.datafs.cli.RegistryUrl;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "datasets", description = {"List the datasets in the store, or on a remote.",
    "A remote is --remote NAME (configured), or a URL (s3://..., az://..., a",
    "folder written with a '/'), which needs no store at all."})
public final class DatasetsCommand extends DatafsSubcommand implements LocalCommand {
  @Parameters(arity = "0..1", paramLabel = "URL") String url;
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "List a remote's datasets (the default remote when no name is given), without pulling.")
  String remoteName;
  @Option(names = "--endpoint", paramLabel = "URL", description = "With a remote's URL: its S3-compatible server.")
  String endpoint;

  @Override
  public boolean runsHere() {
    return url != null;
  }

  /** {@code datafs datasets URL}: in the client, over the remote alone; no store is opened or made. */
  @Override
  public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
    if (remoteName != null) throw new InvalidInputException("name a remote by --remote or by its URL, not both");
    try (Remote remote = RegistryUrl.open(RegistryUrl.ref(url, endpoint, cwd), env);
         RemoteBrowser browser = RegistryUrl.browse(remote)) {
      print(out, latest(browser));
    }
    return 0;
  }

  @Override
  protected int run() {
    if (endpoint != null) throw new InvalidInputException("--endpoint goes with a remote's URL: datafs datasets URL");
    List<Version> latest = new ArrayList<>();
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().browse(remote, RemoteAccess.ref(r))) {
        latest = latest(browser);
      }
    } else {
      Repository repo = session.repo();
      for (DatasetName ds : repo.datasets()) latest.add(repo.resolve(ds.value()));
    }
    print(session.out(), latest);
    return 0;
  }

  /** The latest version of each dataset a remote holds; none when it holds no datafs data yet. */
  private static List<Version> latest(RemoteBrowser browser) {
    List<Version> latest = new ArrayList<>();
    if (browser.initialised()) {
      RemoteCatalog c = browser.catalog();
      for (DatasetName ds : c.datasets()) latest.add(c.find(ds, c.head(ds)));
    }
    return latest;
  }

  private void print(PrintStream out, List<Version> latest) {
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
      Json.print(out, rows);
      return;
    }
    for (Map<String, Object> m : rows) {
      out.printf("%-24s v%-5s %s  %10s files  %10s%n", m.get("name"), m.get("latest"),
          Format.time((String) m.get("time")), Format.count((Long) m.get("files")), Format.bytes((Long) m.get("bytes")));
    }
    out.flush();
  }
}
