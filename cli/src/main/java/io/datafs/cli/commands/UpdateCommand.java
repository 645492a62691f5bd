package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RegistryUrl;
import io.datafs.cli.output.Json;
import io.datafs.core.registry.SourceCheck;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Version;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = {
    "Import the newer version of an imported dataset's source, if there is one.",
    "When the source dataset has a newer version than the one NAME's latest came",
    "from, import it (the same directory of it) as NAME's next version, fetching",
    "only the chunks this store lacks; else say NAME is up to date."})
public final class UpdateCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "NAME") String dataset;
  @Option(names = {"-m", "--message"}, description = "What the new version is (default: where it came from).")
  String message;
  @Option(names = "--author", description = "Who made it (default: $DATAFS_AUTHOR, else the user name).") String author;
  @Option(names = "--json", description = "Print the new version (or that there is none) as JSON.") boolean json;

  @Override
  protected int run() {
    Repository repo = session.repo();
    DatasetName ds = new DatasetName(dataset);
    Version latest = repo.resolve(ds.value());
    ImportSource s = SourceCheck.of(latest);
    RemoteRef ref = new RemoteRef(RemoteUrl.parse(s.url()), RemoteOptions.parseEndpoint(s.endpoint()));
    try (Remote remote = RegistryUrl.open(ref, session.remoteEnv());
         RemoteBrowser browser = repo.sync().browse(remote, ref)) {
      Version newer = SourceCheck.newer(browser, latest);
      if (newer == null) {
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("dataset", ds.value());
          m.put("upToDate", true);
          m.put("version", latest.record().number());
          m.put("source", s);
          Json.print(session.out(), m);
        } else {
          session.out().println(ds + " is up to date: " + latest.label() + " is " + s.label() + " of " + s.url()
              + ", its latest");
        }
        return 0;
      }
      ImportVersionCommand.importInto(session, browser, ref, newer, s.path(), ds, message, author, Map.of(), json);
    }
    return 0;
  }
}
