package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.RemoteSearch;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.TransferBar;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.sync.MetaSync;
import io.datafs.core.sync.Puller;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.VersionAddress;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull", description = {"Fetch a version from a remote, with the versions before it.",
    "Without --remote, a dataset this store lacks is fetched from the first remote that holds it, the default first.",
    "Its data is downloaded unless --metadata-only; earlier versions' data is fetched when read. The dataset's",
    "own metadata records come too, their chain checked."})
public final class PullCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET[@VERSION]") String address;
  @Option(names = "--remote", paramLabel = "NAME", description = "Which remote (default: the default remote).") String remoteName;
  @Option(names = "--metadata-only", description = "Only records and trees: file content is fetched when read.") boolean metadataOnly;
  @Option(names = "--rebase", description = {"When this store made versions the remote lacks and the remote moved on:",
      "replay them after the remote's latest (a path changed on both sides stops it, changing nothing)."})
  boolean rebase;

  @Override
  protected int run() {
    Effective r = remote();
    if (rebase) return new PullRebase(session, r, metadataOnly).run(VersionAddress.parse(address).dataset());
    session.daemon().useRemoteEnvironment(RemoteAccess.ref(r), session.remoteEnv()); // for content read later
    DatasetName ds = VersionAddress.parse(address).dataset();
    Puller.Result result = null;
    List<DatasetMeta> meta;
    TransferProgress bar = TransferBar.of("pulling from " + r.entry().name(), session);
    try (Remote remote = RemoteAccess.open(session, r)) {
      // a dataset made by `dataset create` may have metadata and no version yet
      boolean versions = new RemoteCatalog(remote).head(ds) > 0
          || MetaSync.datasets(remote).stream().noneMatch(ds::equals);
      if (versions) result = session.repo().pull(remote, RemoteAccess.ref(r), address, metadataOnly, bar);
      meta = session.repo().datasetMeta().pull(remote, ds);
    } finally {
      TransferBar.close(bar);
    }
    if (result != null) session.out().println(describe(result, RemoteAccess.label(r), metadataOnly));
    if (!meta.isEmpty()) {
      session.out().println("pulled the metadata of " + ds + " from " + RemoteAccess.label(r) + ": meta#"
          + meta.get(0).record().number()
          + (meta.size() == 1 ? "" : "..#" + meta.get(meta.size() - 1).record().number()));
    } else if (result == null) {
      session.out().println("the metadata of " + ds + " is here already; nothing to fetch from "
          + RemoteAccess.label(r));
    }
    if (result != null) result.notes().forEach(session.out()::println);
    return 0;
  }

  /** The remote named, else (for a dataset this store lacks) the first that holds it, else the default. */
  private Effective remote() {
    if (remoteName != null || session.repo().datasets().contains(VersionAddress.parse(address).dataset())) {
      return RemoteAccess.choose(session, remoteName);
    }
    RemoteSearch.Hit hit;
    try {
      hit = RemoteSearch.find(session, address).orElseGet(() -> new RemoteSearch.Hit(
          RemoteAccess.choose(session, null), List.of()));
    } catch (NotFoundException noVersions) {
      return describedOn(VersionAddress.parse(address).dataset()).orElseThrow(() -> noVersions);
    }
    if (!hit.passed().isEmpty()) session.out().println(hit.describe(address));
    return hit.remote();
  }

  /** The first remote, in search order, holding metadata of {@code ds}: `dataset create` makes none of its versions. */
  private Optional<Effective> describedOn(DatasetName ds) {
    for (Effective r : RemoteSearch.inOrder(session)) {
      try (Remote remote = RemoteAccess.open(session, r)) {
        if (MetaSync.datasets(remote).contains(ds)) return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  public static String describe(Puller.Result result, String from, boolean metadataOnly) {
    int packs = result.metadataPacks() + result.dataPacks();
    if (result.added().isEmpty() && packs == 0) return result.target().label() + " is here already; nothing to fetch from " + from;
    String what = result.added().isEmpty() ? "fetched the content of " + result.target().label()
        : (metadataOnly ? "fetched the metadata of " : "pulled ") + result.target().record().dataset() + "@v"
            + result.added().get(0).record().number()
            + (result.added().size() == 1 ? "" : "..v" + result.target().record().number());
    return what + " from " + from + ": " + packs + (packs == 1 ? " pack, " : " packs, ") + Format.bytes(result.bytes())
        + (result.remoteOnlyPacks() > 0 ? "; the rest is fetched when read" : "");
  }
}
