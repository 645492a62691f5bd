package io.datafs.cli.commands;

import io.datafs.cli.LocalCommand;
import io.datafs.cli.StoreOptions;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.config.RemoteConfig.Entry;
import io.datafs.core.config.RemoteName;
import io.datafs.core.error.DatafsException;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.Remotes;
import io.datafs.core.store.StoreLayout;
import io.datafs.daemon.DaemonPaths;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "remote", description = {
    "Where versions are shared: a folder, s3://bucket/prefix, az://container/prefix,",
    "or https://host/prefix (one of those served by a web server or CDN: read-only).",
    "Kept in $DATAFS_HOME/config.json. The environment overrides the default:",
    "DATAFS_REMOTE (a name), DATAFS_REMOTE_URL, DATAFS_REMOTE_ENDPOINT.",
    "Credentials are never stored. S3 uses the AWS SDK's (AWS_ACCESS_KEY_ID...);",
    "Azure AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and _KEY."},
    subcommands = {RemoteCommand.Add.class, RemoteCommand.ListRemotes.class, RemoteCommand.Remove.class})
public final class RemoteCommand implements LocalCommand {
  @Spec CommandSpec spec;

  @Override
  public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
    spec.commandLine().usage(System.err);
    return 2;
  }

  /** The config file of the store home, which is refused first if it is not this user's own. */
  static Path configFile(StoreOptions store) {
    new DaemonPaths(store.home()).check();
    return new StoreLayout(store.home()).config();
  }

  @Command(name = "add", description = "Add a remote (nothing is sent to it).")
  public static final class Add implements LocalCommand {
    @Mixin StoreOptions store;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "URL", description = "A folder, s3://bucket/prefix, az://container/prefix or"
        + " https://host/prefix (read-only).")
    String url;
    @Option(names = "--default", description = "Make it the remote commands use when none is named.")
    boolean makeDefault;
    @Option(names = "--endpoint", paramLabel = "URL",
        description = "http(s)://host[:port] of an S3-compatible server (MinIO, Ceph...) or of Azure blobs.")
    String endpoint;

    @Override
    public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
      RemoteName n = new RemoteName(name);
      RemoteUrl u = RemoteUrl.parse(url, cwd);
      if (endpoint != null && (u.isFile() || u.isReadOnly())) {
        throw new DatafsException("--endpoint is for s3:// and az:// remotes, not " + u);
      }
      Remotes.load().provider(u); // an installation without that SDK module says so now, not at the first push
      RemoteConfig c = RemoteConfig.add(configFile(store), new Entry(n, u, RemoteOptions.parseEndpoint(endpoint)),
          makeDefault);
      out.println("added remote " + n + " " + u + (n.equals(c.defaultName()) ? " (default)" : ""));
      return 0;
    }
  }

  @Command(name = "list", description = "List the remotes; * marks the default.")
  public static final class ListRemotes implements LocalCommand {
    @Mixin StoreOptions store;
    @Option(names = "--json") boolean json;

    @Override
    public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
      List<Effective> remotes = RemoteConfig.load(configFile(store)).effective(env, cwd);
      if (json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Effective r : remotes) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", r.entry().name().value());
          m.put("url", r.entry().url().toString());
          m.put("endpoint", r.entry().endpoint() == null ? null : r.entry().endpoint().toString());
          m.put("default", r.isDefault());
          m.put("source", r.fromEnvironment() ? "environment" : "config");
          rows.add(m);
        }
        Json.print(out, rows);
        return 0;
      }
      int width = remotes.stream().mapToInt(r -> r.entry().name().value().length()).max().orElse(0);
      for (Effective r : remotes) {
        String notes = (r.entry().endpoint() == null ? "" : "  endpoint " + r.entry().endpoint())
            + (r.fromEnvironment() ? "  (from " + RemoteConfig.ENV_URL + ")" : "");
        out.printf("%s %-" + width + "s  %s%s%n", r.isDefault() ? "*" : " ", r.entry().name(), r.entry().url(), notes);
      }
      return 0;
    }
  }

  @Command(name = "remove", description = "Forget a remote (nothing on the remote is deleted).")
  public static final class Remove implements LocalCommand {
    @Mixin StoreOptions store;
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
      RemoteName n = new RemoteName(name);
      RemoteConfig.remove(configFile(store), n);
      out.println("removed remote " + n);
      return 0;
    }
  }
}
