package io.datafs.cli.commands;

import io.datafs.cli.RemoteAccess;
import io.datafs.cli.Session;
import io.datafs.cli.output.TransferBar;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Rebaser;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;

/** {@code datafs pull --rebase DS}: the pull, then what became of the versions only this store had. */
final class PullRebase {
  private final Session session;
  private final Effective remote;
  private final boolean metadataOnly;

  PullRebase(Session session, Effective remote, boolean metadataOnly) {
    this.session = session;
    this.remote = remote;
    this.metadataOnly = metadataOnly;
  }

  int run(DatasetName ds) {
    session.daemon().useRemoteEnvironment(RemoteAccess.ref(remote), session.remoteEnv()); // for content read later
    String label = RemoteAccess.label(remote);
    Rebaser.Result r;
    TransferProgress bar = TransferBar.of("pulling from " + remote.entry().name(), session);
    try (Remote opened = RemoteAccess.open(session, remote)) {
      r = session.repo().sync().pullRebase(opened, RemoteAccess.ref(remote), label, ds, metadataOnly, bar,
          first -> refuseWhileMounted(ds, first));
    } finally {
      TransferBar.close(bar);
    }
    if (r.pulled() != null) session.out().println(PullCommand.describe(r.pulled(), label, metadataOnly));
    if (r.pulled() == null) {
      session.out().println(Rebaser.span(r.replayed()) + (r.replayed().size() == 1 ? " is" : " are")
          + " in this store only" + " and " + label + " has nothing after them: `datafs push` publishes them");
    } else if (!r.made().isEmpty()) {
      Version theirs = r.pulled().target();
      session.out().println("rebased " + Rebaser.span(r.replayed()) + " onto " + label + "'s " + theirs.label()
          + ": now " + Rebaser.span(r.made()) + "; `datafs push` publishes " + (r.made().size() == 1 ? "it" : "them"));
    }
    r.notes().forEach(session.out()::println);
    if (r.pulled() != null) r.pulled().notes().forEach(session.out()::println);
    return 0;
  }

  /** A mount shows its version by number and builds on it: one of a version to be renumbered must go first. */
  private void refuseWhileMounted(DatasetName ds, long firstReplayed) {
    RemovalChecks.mountFrom(session, ds, firstReplayed).ifPresent(m -> {
      throw new InvalidInputException(m.label() + " is mounted at " + m.dir() + ": unmount it before rebasing (its"
          + " version is replayed under another number)");
    });
  }
}
