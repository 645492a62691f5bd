package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.TransferBar;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.remote.Remote;
import io.datafs.core.sync.Pusher;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = {"Publish versions to a remote: one version and those before it, or everything.",
    "Uploads only the packs the remote lacks, then each version record (create-only), then tags."})
public final class PushCommand extends DatafsSubcommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DATASET[@VERSION]") String address;
  @Option(names = "--remote", paramLabel = "NAME", description = "Which remote (default: the default remote).") String remoteName;

  @Override
  protected int run() {
    Effective r = RemoteAccess.choose(session, remoteName);
    Pusher.Result result;
    TransferProgress bar = TransferBar.of("pushing to " + r.entry().name(), session);
    try (Remote remote = RemoteAccess.open(session, r)) {
      result = session.repo().push(remote, RemoteAccess.ref(r), address, bar);
    } finally {
      TransferBar.close(bar);
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
    session.out().printf("pushed %s to %s: %d %s, %s%s%n", parts.isEmpty() ? "tags" : String.join(", ", parts),
        RemoteAccess.label(r), result.packs(), result.packs() == 1 ? "pack" : "packs", Format.bytes(result.bytes()),
        result.tags() == 0 ? "" : ", " + result.tags() + (result.tags() == 1 ? " tag" : " tags"));
    result.notes().forEach(session.out()::println);
    return 0;
  }
}
