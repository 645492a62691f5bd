package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.SemverOptions;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.Remotes;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.sync.RemoteTarget;
import io.datafs.daemon.MountRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = {"Make the changes staged in a writable mount the dataset's next version.",
    "DIR is the mount directory or any path inside it (default: the current directory, so `datafs commit -m ...`",
    "works from inside the mount). The mount then shows the new version with nothing staged; what it shows does",
    "not change. With nothing staged it refuses, unless --allow-empty. A mount made from a remote publishes the",
    "version there too, first: if another store took the number, its version is fetched and the changes replayed",
    "onto it (a path both changed stops the commit, naming it)."})
public final class CommitCommand extends DatafsSubcommand {
  @Parameters(arity = "0..1", paramLabel = "DIR") Path dir;
  @Option(names = {"-m", "--message"}, required = true, description = "What this version is.") String message;
  @Option(names = "--author", description = "Who made it (default: $DATAFS_AUTHOR, else the user name).") String author;
  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata key/value; repeatable.")
  Map<String, String> meta = new LinkedHashMap<>();
  @Option(names = "--allow-empty", description = "Make a version even when nothing is staged.") boolean allowEmpty;
  @Option(names = "--json", description = "Print the new version as JSON.") boolean json;
  @Mixin SemverOptions semver;

  /** Said of every version a commit did not publish, so none becomes local-only unnoticed. */
  static final String LOCAL_ONLY = "; kept in this store only: `datafs push` publishes it";

  @Override
  protected int run() {
    Path where = session.path(dir == null ? Path.of("") : dir);
    String who = author != null ? author : session.env("DATAFS_AUTHOR");
    ImportOptions options = new ImportOptions(message, who, meta).withSemver(semver.choice());
    MountRecord mount = session.daemon().mounts().overlayAt(where);
    RemoteRef ref = mount.remote();
    ImportResult r;
    if (ref == null) {
      r = session.daemon().mounts().commit(where, options, allowEmpty);
    } else {
      try (Remote remote = Remotes.load().open(ref.url(), new RemoteOptions(ref.endpoint(), session.remoteEnv()))) {
        r = session.daemon().mounts().commit(where, options, allowEmpty,
            new RemoteTarget(remote, ref));
      }
    }
    Views.printMade(session.out(), r, json, "committed ", ref == null ? LOCAL_ONLY : "; published to " + ref);
    if (!json) Views.warnInvalid(session.err(), r);
    return 0;
  }
}
