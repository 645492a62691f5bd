package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.RemoteSearch;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.TransferBar;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.repo.ContentSelection;
import io.datafs.core.select.PathPattern;
import io.datafs.core.version.Version;
import io.datafs.core.remote.Remote;
import io.datafs.core.sync.MetaSync;
import io.datafs.core.sync.Puller;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.VersionAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull", description = {"Fetch a version from a remote, with the versions before it; with PATHs, only",
    "the content of those (and the metadata of all).",
    "Without --remote, a dataset this store lacks is fetched from the first remote that holds it, the default first.",
    "Its data is downloaded unless --metadata-only; earlier versions' data is fetched when read. The dataset's",
    "own metadata records come too, their chain checked."})
public final class PullCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET[@VERSION]") String address;
  @Parameters(index = "1..*", paramLabel = "PATH|GLOB", description = {"Pull only the content of these files,",
      "directories or globs ('train/**'); the version's other content stays on the remote, fetched when read."})
  List<String> paths = new ArrayList<>();
  @Option(names = "--remote", paramLabel = "NAME", description = "Which remote (default: the default remote).")
  String remoteName;
  @Option(names = "--metadata-only", description = "Only records and trees: file content is fetched when read.")
  boolean metadataOnly;
  @Option(names = "--rebase", description = {"When this store made versions the remote lacks and the remote moved on:",
      "replay them after the remote's latest (a path changed on both sides stops it, changing nothing)."})
  boolean rebase;

  @Override
  protected int run() {
    Effective r = remote();
    if (rebase) return new PullRebase(session, r, metadataOnly).run(VersionAddress.parse(address).dataset());
    if (!paths.isEmpty()) return pullPaths(r);
    session.daemon().useRemoteEnvironment(RemoteAccess.ref(r), session.remoteEnv()); // for content read later
    DatasetName ds = VersionAddress.parse(address).dataset();
    Puller.Result result = null;
    List<DatasetMeta> meta;
    TransferProgress bar = TransferBar.of("pulling from " + r.entry().name(), session);
    try (Remote remote = RemoteAccess.open(session, r)) {
      // a dataset made by `dataset create` may have metadata and no version yet
      boolean versions = new RemoteCatalog(remote).head(ds) > 0
          || MetaSync.datasets(remote).stream().noneMatch(ds::equals);
      if (versions) result = session.repo().sync().pull(remote, RemoteAccess.ref(r), address, metadataOnly, bar);
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

  /** {@code pull DS@V PATH...}: the version's metadata, then the packs holding the content of those paths. */
  private int pullPaths(Effective r) {
    if (metadataOnly) {
      throw new InvalidInputException("pull: PATHs choose content to pull, and --metadata-only pulls none: give one");
    }
    List<PathPattern> patterns = paths.stream().map(PathPattern::parse).toList();
    session.daemon().useRemoteEnvironment(RemoteAccess.ref(r), session.remoteEnv()); // for content read later
    TransferProgress bar = TransferBar.of("pulling from " + r.entry().name(), session);
    try (Remote remote = RemoteAccess.open(session, r)) {
      Puller.Result meta = session.repo().sync()
          .pull(remote, RemoteAccess.ref(r), address, true, TransferProgress.NONE);
      if (!meta.added().isEmpty()) session.out().println(describe(meta, RemoteAccess.label(r), true));
      Version v = session.repo().resolve(meta.target().label());
      ContentSelection s = session.repo().select(v, null, patterns);
      if (!s.unmatched().isEmpty()) {
        throw new InvalidInputException("no file of " + v.label() + " matches " + s.unmatched().stream()
            .map(p -> "'" + p.text() + "'").collect(Collectors.joining(", ")) + ": no content pulled");
      }
      Puller.Result content = session.repo().sync()
          .pullContent(remote, RemoteAccess.ref(r), v.label(), s.chunks(), bar);
      session.out().println("pulled the content of " + Format.count(s.files())
          + (s.files() == 1 ? " file (" : " files (") + Format.bytes(s.fileBytes())
          + ") of " + v.label() + " from " + RemoteAccess.label(r) + ": " + content.dataPacks()
          + (content.dataPacks() == 1 ? " pack, " : " packs, ") + Format.bytes(content.bytes())
          + "; the rest is fetched when read");
    } finally {
      TransferBar.close(bar);
    }
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
    if (result.added().isEmpty() && packs == 0) {
      return result.target().label() + " is here already; nothing to fetch from " + from;
    }
    String what = result.added().isEmpty() ? "fetched the content of " + result.target().label()
        : (metadataOnly ? "fetched the metadata of " : "pulled ") + result.target().record().dataset() + "@v"
            + result.added().get(0).record().number()
            + (result.added().size() == 1 ? "" : "..v" + result.target().record().number());
    return what + " from " + from + ": " + packs + (packs == 1 ? " pack, " : " packs, ") + Format.bytes(result.bytes())
        + (result.remoteOnlyPacks() > 0 ? "; the rest is fetched when read" : "");
  }
}
