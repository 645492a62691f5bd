package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RemoteOfflineException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.SyncStatus;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Removal;
import io.datafs.core.version.Version;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reset", description = {
    "Make DATASET@VERSION the dataset's latest here again: --hard drops the versions",
    "after it from this store (their records; content stays until a GC). Refused for a version the default remote",
    "holds (the next pull would bring it back), while a mount shows one of them, and while they have tags unless",
    "--force."})
public final class ResetCommand extends DatafsSubcommand {
  @Parameters(paramLabel = "DATASET@VERSION") String address;
  @Option(names = "--hard", description = "Drop the versions after VERSION from this store.") boolean hard;
  @Option(names = "--force", description = "Drop the tags of those versions with them.") boolean force;

  @Override
  protected int run() {
    if (!hard) {
      throw new InvalidInputException("reset needs --hard: it drops the versions after " + address
          + " from this store");
    }
    Repository repo = session.repo();
    Version v = repo.resolve(address);
    DatasetName ds = v.record().datasetName();
    long n = v.record().number();
    if (repo.resolve(ds.value()).record().number() == n) {
      session.out().println(v.label() + " is the latest of " + ds + " already: nothing to drop");
      return 0;
    }
    Removal plan = repo.removal(ds, n + 1);
    Optional<Effective> r = RemoteAccess.defaultRemote(session);
    if (r.isPresent()) requireLocalOnly(repo, plan, r.get());
    synchronized (session.daemon().mounts()) {
      RemovalChecks.notMounted(session, plan);
      RemovalChecks.tagsAllowed(plan, force, " here");
      repo.remove(plan);
    }
    session.out().println("reset " + ds + " to v" + n + ": dropped " + RemovalChecks.removed(plan)
        + " from this store; their content stays until a GC");
    return 0;
  }

  /** Versions the remote holds would come back with the next pull: only those it lacks may go. */
  private void requireLocalOnly(Repository repo, Removal plan, Effective r) {
    if (session.offline()) {
      throw new RemoteOfflineException("reset must ask " + RemoteAccess.label(r) + " whether it holds " + plan.label()
          + " (those would come back with the next pull), but datafs is offline; nothing dropped");
    }
    SyncStatus.Row row;
    try (Remote remote = RemoteAccess.open(session, r)) {
      row = repo.sync().syncStatus(remote, plan.dataset());
    }
    if (row.common() >= plan.first()) {
      String on = plan.dataset() + "@v" + plan.first() + (row.common() == plan.first() ? "" : "..v" + row.common());
      throw new InvalidInputException(on + " " + (row.common() == plan.first() ? "is" : "are") + " on "
          + RemoteAccess.label(r) + ": the next pull would bring " + (row.common() == plan.first() ? "it" : "them")
          + " back; reset to v" + row.common() + " or later, or remove "
          + (row.common() == plan.first() ? "it" : "them") + " there first (datafs rm --remote); nothing dropped");
    }
  }
}
