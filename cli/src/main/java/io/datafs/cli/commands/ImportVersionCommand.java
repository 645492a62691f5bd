package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RegistryUrl;
import io.datafs.cli.Session;
import io.datafs.cli.output.Format;
import io.datafs.core.registry.RemoteFiles;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.TreeListing;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Version;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-version", description = {
    "Import a version of another registry as the next version of a dataset here.",
    "URL is s3://..., az://... or a folder written with a '/'; PATH a directory",
    "of the version (default: all of it); NAME the dataset here (default: the",
    "source's). The record keeps where it came from (datafs show, log --sources;",
    "datafs update follows it). Only the chunks this store lacks are fetched."})
public final class ImportVersionCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "URL") String url;
  @Parameters(index = "1", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "2", paramLabel = "PATH", defaultValue = "", description = "A directory of it (default: all).")
  String path;
  @Option(names = "--as", paramLabel = "NAME", description = "The dataset here (default: the source's name).")
  String name;
  @Option(names = "--endpoint", paramLabel = "URL", description = "The remote's S3-compatible server (as remote add).")
  String endpoint;
  @Option(names = {"-m", "--message"}, description = "What this version is (default: where it came from).")
  String message;
  @Option(names = "--author", description = "Who made it (default: $DATAFS_AUTHOR, else the user name).") String author;
  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata key/value; repeatable.")
  Map<String, String> meta = new LinkedHashMap<>();
  @Option(names = "--json", description = "Print the new version as JSON.") boolean json;

  @Override
  protected int run() {
    RemoteRef ref = RegistryUrl.ref(url, endpoint, session.cwd());
    try (Remote remote = RegistryUrl.open(ref, session.remoteEnv());
         RemoteBrowser browser = session.repo().sync().browse(remote, ref)) {
      Version source = browser.resolve(address);
      DatasetName ds = new DatasetName(name != null ? name : source.record().dataset());
      importInto(session, browser, ref, source, path, ds, message, author, meta, json);
    }
    return 0;
  }

  /**
   * Imports directory {@code path} of {@code source} (a version of the remote {@code browser} reads, at {@code ref}) as
   * the next version of {@code ds}, and prints it as import does, with what was fetched.
   */
  static void importInto(Session session, RemoteBrowser browser, RemoteRef ref, Version source, String path,
                         DatasetName ds, String message, String author, Map<String, String> meta, boolean json) {
    String dir = String.join("/", TreeListing.splitPath(path));
    ImportSource origin = new ImportSource(ref.url().toString(),
        ref.endpoint() == null ? null : ref.endpoint().toString(),
        source.record().dataset(), source.record().number(), source.id().hex(), dir);
    String who = author != null ? author : session.env("DATAFS_AUTHOR");
    String what = message != null ? message : "imported from " + origin.url() + " " + origin.label();
    try (RemoteFiles content = new RemoteFiles(browser)) {
      ImportResult r = session.repo().importRemote(browser, source, dir, origin, ds, new ImportOptions(what, who, meta),
          content);
      Views.printMade(session.out(), r, json, "imported " + origin.url() + " " + origin.label() + " as ",
          "; fetched " + Format.bytes(content.bytesFetched()) + " in " + content.requests() + " requests");
      if (!json) Views.warnInvalid(session.err(), r);
    }
  }
}
