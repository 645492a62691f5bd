package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Removal;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = {"Remove a version of a dataset (DATASET@VERSION), or the whole dataset",
    "(DATASET), from this store (--local, the default), from a remote (--remote [NAME]: the default remote when no",
    "name is given), or from both (--all). Records go: the versions and the tags naming them; content stays until a",
    "GC. The newest version's number is taken again by the next version; an older one's is not (the versions after",
    "it stay whole, as with retain). Refused while a mount shows the version (or stands on it with staged changes),",
    "and while it has tags unless --force. With --all or --remote, the remote goes first: when it cannot be reached",
    "nothing changes."})
public final class RmCommand extends DatafsSubcommand {
  @Parameters(paramLabel = "DATASET[@VERSION]") String address;
  @Option(names = "--local", description = "Remove from this store only (the default).") boolean local;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "Remove from a remote only (the default remote when no name is given).") String remoteName;
  @Option(names = "--all", description = "Remove from this store and from the default remote.") boolean all;
  @Option(names = "--force", description = "Remove the tags of the versions with them.") boolean force;

  @Override
  protected int run() {
    if ((local ? 1 : 0) + (all ? 1 : 0) + (remoteName != null ? 1 : 0) > 1) {
      throw new InvalidInputException("give one of --local, --remote [NAME], --all");
    }
    boolean here = all || remoteName == null;
    boolean there = all || remoteName != null;
    VersionAddress a = VersionAddress.parse(address);
    DatasetName ds = a.dataset();
    boolean whole = a.isLatest() && !address.contains("@");
    Repository repo = session.repo();

    RmPlan localPlan = here ? localPlan(repo, ds, whole) : null;
    if (!there) {
      synchronized (session.daemon().mounts()) {
        removeHere(repo, localPlan);
      }
      return 0;
    }
    Effective r = RemoteAccess.choose(session, remoteName == null || remoteName.isEmpty() ? null : remoteName);
    try (Remote remote = RemoteAccess.open(session, r)) {
      RmPlan remotePlan = remotePlan(repo, remote, r, ds, whole, localPlan);
      if (remotePlan == null && localPlan == null) {
        throw new NotFoundException("no " + address + " here or on " + RemoteAccess.label(r));
      }
      synchronized (session.daemon().mounts()) {
        if (localPlan != null) {
          localPlan.checkNotMounted(session);
          localPlan.checkTags(force, " here");
        }
        if (remotePlan != null) {
          remotePlan.checkTags(force, " on " + r.entry().name());
          // first: unreachable, nothing changes here
          if (remotePlan.newest() != null) repo.sync().removeRemote(remote, RemoteAccess.ref(r), remotePlan.newest());
          else repo.sync().pruneRemote(remote, RemoteAccess.ref(r), remotePlan.below());
          session.out().println("removed " + remotePlan.removed() + " from " + RemoteAccess.label(r)
              + "; its objects stay until a GC");
        }
        if (localPlan != null) removeHere(repo, localPlan);
      }
    }
    return 0;
  }

  /** What goes here; with --all, nothing when this store lacks it (the remote may have it). */
  private RmPlan localPlan(Repository repo, DatasetName ds, boolean whole) {
    try {
      if (whole) return RmPlan.of(repo.removal(ds, 1));
      Version v = repo.resolve(address);
      Removal plan = repo.removal(ds, v.record().number());
      return isNewest(plan, v) ? RmPlan.of(plan) : RmPlan.of(repo.pruningOf(v));
    } catch (NotFoundException e) {
      if (all) return null;
      throw e;
    }
  }

  private RmPlan remotePlan(Repository repo, Remote remote, Effective r, DatasetName ds, boolean whole,
                            RmPlan localPlan) {
    try (RemoteBrowser browser = repo.sync().browse(remote, RemoteAccess.ref(r))) {
      if (whole) return RmPlan.of(repo.sync().remoteRemoval(remote, RemoteAccess.ref(r), ds, 1));
      Version v = browser.resolve(address);
      Removal plan = repo.sync().remoteRemoval(remote, RemoteAccess.ref(r), ds, v.record().number());
      if (localPlan != null && !localPlan.version().id().equals(v.id())) {
        throw new InvalidInputException(v.label() + " on " + r.entry().name() + " is another version than "
            + v.label() + " here (" + v.id().shortHex(12) + " there, " + localPlan.version().id().shortHex(12)
            + " here): remove each with --local and --remote; nothing removed");
      }
      return isNewest(plan, v) ? RmPlan.of(plan)
          : RmPlan.of(repo.sync().remotePruningOf(remote, RemoteAccess.ref(r), v));
    } catch (NotFoundException e) {
      if (all) return null;
      throw e;
    }
  }

  /** Whether {@code v} is the head: then it goes as the newest, and its number is free again. */
  private static boolean isNewest(Removal plan, Version v) {
    return plan.last() == v.record().number();
  }

  private void removeHere(Repository repo, RmPlan plan) {
    if (plan == null) return;
    plan.checkNotMounted(session);
    plan.checkTags(force, " here");
    if (plan.newest() != null) repo.remove(plan.newest());
    else repo.prune(plan.below());
    session.out().println("removed " + plan.removed() + " from this store; its content stays until a GC");
  }
}
