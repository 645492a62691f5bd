package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Pruning;
import io.datafs.core.version.Retention;
import io.datafs.core.version.Version;
import io.datafs.daemon.MountRecord;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "retain", description = {"Keep the newest N versions of a dataset (and with --keep-tagged those a tag",
    "names, with --keep-within those made within that long) and remove the others from this store: their records,",
    "content stays until a GC. The newest always stays, so no number is taken again; the versions after a removed one",
    "still verify, mount, push and pull. Refused while a mount shows a version it would remove, and while those have",
    "tags unless --force. With --remote, the same on a remote."})
public final class RetainCommand extends DatafsSubcommand {
  @Parameters(paramLabel = "DATASET") String dataset;
  @Option(names = "--keep-last", paramLabel = "N", required = true,
      description = "Keep the newest N versions (N >= 1).")
  long keepLast;
  @Option(names = "--keep-tagged", description = "Keep every version a tag names.") boolean keepTagged;
  @Option(names = "--keep-within", paramLabel = "DURATION",
      description = "Keep the versions made within this long before now: 45s, 90m, 12h, 30d, 2w.") String keepWithin;
  @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.") boolean dryRun;
  @Option(names = "--force", description = "Remove the tags of the versions removed with them.") boolean force;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "Apply the rule on a remote instead (the default remote when no name is given).") String remoteName;

  @Override
  protected int run() {
    Retention rule = new Retention(keepLast, keepTagged, keepWithin == null ? null : Retention.parseWithin(keepWithin));
    DatasetName ds = new DatasetName(dataset.startsWith("ds:") ? dataset.substring(3) : dataset);
    Repository repo = session.repo();
    if (remoteName == null) {
      synchronized (session.daemon().mounts()) { // no mount of a version starts while it is being removed
        Pruning plan = repo.pruning(ds, rule, Instant.now());
        if (checked(plan, repo.log(ds), "this store")) {
          repo.prune(plan);
          session.out().println("removed " + removed(plan) + " from this store (kept " + kept(repo.log(ds), plan)
              + "); their content stays until a GC");
        }
      }
      return 0;
    }
    Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
    try (Remote remote = RemoteAccess.open(session, r);
         RemoteBrowser browser = repo.sync().browse(remote, RemoteAccess.ref(r))) {
      synchronized (session.daemon().mounts()) {
        Pruning plan = repo.sync().remotePruning(remote, RemoteAccess.ref(r), ds, rule, Instant.now());
        List<Version> all = browser.catalog().versions(ds, plan.head());
        if (checked(plan, all, RemoteAccess.label(r))) {
          repo.sync().pruneRemote(remote, RemoteAccess.ref(r), plan);
          session.out().println("removed " + removed(plan) + " from " + RemoteAccess.label(r) + " (kept "
              + kept(all, plan) + "); their objects stay until a GC of the remote");
        }
      }
    }
    return 0;
  }

  /**
   * Whether {@code plan} is to be carried out: not when it removes nothing or with --dry-run (each said); refused while
   * a mount of this store shows one of its versions (a lazy one reads the remote's objects) or they have tags.
   */
  private boolean checked(Pruning plan, List<Version> all, String where) {
    if (plan.isEmpty()) {
      session.out().println("nothing to remove: the rule keeps all " + all.size() + " versions of " + plan.dataset()
          + " on " + where);
      return false;
    }
    if (dryRun) {
      session.out().println("would remove " + removed(plan) + " from " + where + "; would keep " + kept(all, plan));
      return false;
    }
    for (MountRecord m : session.daemon().mounts().list()) {
      if (m.dataset().equals(plan.dataset().value()) && plan.removes(m.version())) {
        throw new InvalidInputException(m.label() + " is mounted at " + m.dir() + " and the rule would remove it:"
            + " umount it first; nothing removed");
      }
    }
    if (!plan.tags().isEmpty() && !force) {
      throw new InvalidInputException(plan.label() + " has tags " + plan.tagList() + ": --keep-tagged keeps those"
          + " versions, --force removes the tags with them; nothing removed");
    }
    return true;
  }

  private static String removed(Pruning plan) {
    return plan.label() + (plan.tags().isEmpty() ? "" : " and " + (plan.tags().size() == 1 ? "tag " : "tags ")
        + String.join(", ", plan.tags().keySet()));
  }

  /** {@code v8, v10, v11, v12}. */
  private static String kept(List<Version> all, Pruning plan) {
    return all.stream().filter(v -> !plan.removes(v.record().number())).map(v -> "v" + v.record().number())
        .collect(Collectors.joining(", "));
  }
}
