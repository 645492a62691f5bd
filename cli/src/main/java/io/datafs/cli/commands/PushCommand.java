package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.TransferBar;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.DatasetMetadata;
import io.datafs.core.sync.Pusher;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = {"Publish versions to a remote: one version and those before it, or everything.",
    "Uploads only the packs the remote lacks, then each version record (create-only), then tags, then the",
    "dataset's own metadata records the remote lacks (create-only; one another store set first is a conflict)."})
public final class PushCommand extends DatafsSubcommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DATASET[@VERSION]") String address;
  @Option(names = "--remote", paramLabel = "NAME", description = "Which remote (default: the default remote).")
  String remoteName;

  @Override
  protected int run() {
    Effective r = RemoteAccess.choose(session, remoteName);
    DatasetMetadata metas = session.repo().datasetMeta();
    DatasetName only = address == null ? null : VersionAddress.parse(address).dataset();
    boolean metadataOnly = only != null && !metas.hasVersions(only) && !metas.history(only).isEmpty();
    Pusher.Result result = new Pusher.Result(List.of(), 0, 0, 0, List.of(), 0);
    List<DatasetMeta> meta;
    TransferProgress bar = TransferBar.of("pushing to " + r.entry().name(), session);
    try (Remote remote = RemoteAccess.open(session, r)) {
      if (!metadataOnly) result = session.repo().sync().push(remote, RemoteAccess.ref(r), address, bar);
      meta = metas.push(remote, only == null ? null : List.of(only)); // after the versions, as their tags are
    } finally {
      TransferBar.close(bar);
    }
    String records = meta.isEmpty() ? "" : ", " + meta.size() + " dataset metadata record"
        + (meta.size() == 1 ? "" : "s");
    if (result.versions().isEmpty() && result.tags() == 0 && !meta.isEmpty()) {
      session.out().println("pushed the metadata of " + meta.stream().map(m -> m.record().dataset()).distinct()
          .collect(Collectors.joining(", ")) + " to " + RemoteAccess.label(r) + records.replaceFirst(",", ":"));
      result.notes().forEach(session.out()::println);
      return 0;
    }
    if (result.versions().isEmpty() && result.tags() == 0) {
      session.out().println("everything is up to date on " + RemoteAccess.label(r));
      result.notes().forEach(session.out()::println);
      return 0;
    }
    Map<String, long[]> byDataset = new LinkedHashMap<>();
    for (Version v : result.versions()) {
      long[] range = byDataset.computeIfAbsent(v.record().dataset(), k -> new long[] {Long.MAX_VALUE, 0});
      range[0] = Math.min(range[0], v.record().number());
      range[1] = Math.max(range[1], v.record().number());
    }
    List<String> parts = byDataset.entrySet().stream().map(e -> e.getKey() + "@v" + e.getValue()[0]
        + (e.getValue()[0] == e.getValue()[1] ? "" : "..v" + e.getValue()[1])).toList();
    session.out().printf("pushed %s to %s: %d %s, %s%s%s%n", parts.isEmpty() ? "tags" : String.join(", ", parts),
        RemoteAccess.label(r), result.packs(), result.packs() == 1 ? "pack" : "packs", Format.bytes(result.bytes()),
        result.tags() == 0 ? "" : ", " + result.tags() + (result.tags() == 1 ? " tag" : " tags"), records);
    result.notes().forEach(session.out()::println);
    return 0;
  }
}
