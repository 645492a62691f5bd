package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.repo.Repository;
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
    "tags unless --force."})
public final class RetainCommand extends DatafsSubcommand {
  @Parameters(paramLabel = "DATASET") String dataset;
  @Option(names = "--keep-last", paramLabel = "N", required = true, description = "Keep the newest N versions (N >= 1).")
  long keepLast;
  @Option(names = "--keep-tagged", description = "Keep every version a tag names.") boolean keepTagged;
  @Option(names = "--keep-within", paramLabel = "DURATION",
      description = "Keep the versions made within this long before now: 45s, 90m, 12h, 30d, 2w.") String keepWithin;
  @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.") boolean dryRun;
  @Option(names = "--force", description = "Remove the tags of the versions removed with them.") boolean force;

  @Override
  protected int run() {
    Retention rule = new Retention(keepLast, keepTagged, keepWithin == null ? null : Retention.parseWithin(keepWithin));
    DatasetName ds = new DatasetName(dataset.startsWith("ds:") ? dataset.substring(3) : dataset);
    Repository repo = session.repo();
    synchronized (session.daemon().mounts()) { // no mount of a version starts while it is being removed
      Pruning plan = repo.pruning(ds, rule, Instant.now());
      if (plan.isEmpty()) {
        session.out().println("nothing to remove: the rule keeps all " + repo.log(ds).size() + " versions of " + ds);
        return 0;
      }
      String kept = keptLabel(repo.log(ds), plan);
      if (dryRun) {
        session.out().println("would remove " + removed(plan) + " from this store; would keep " + kept);
        return 0;
      }
      for (MountRecord m : session.daemon().mounts().list()) {
        if (m.dataset().equals(ds.value()) && plan.removes(m.version())) {
          throw new InvalidInputException(m.label() + " is mounted at " + m.dir() + " and the rule would remove it:"
              + " umount it first; nothing removed");
        }
      }
      if (!plan.tags().isEmpty() && !force) {
        throw new InvalidInputException(plan.label() + " has tags " + plan.tagList() + ": --keep-tagged keeps those"
            + " versions, --force removes the tags with them; nothing removed");
      }
      repo.prune(plan);
      session.out().println("removed " + removed(plan) + " from this store (kept " + kept
          + "); their content stays until a GC");
    }
    return 0;
  }

  private static String removed(Pruning plan) {
    return plan.label() + (plan.tags().isEmpty() ? "" : " and " + (plan.tags().size() == 1 ? "tag " : "tags ")
        + String.join(", ", plan.tags().keySet()));
  }

  /** {@code v8, v10, v11, v12}. */
  private static String keptLabel(List<Version> all, Pruning plan) {
    return all.stream().filter(v -> !plan.removes(v.record().number())).map(v -> "v" + v.record().number())
        .collect(Collectors.joining(", "));
  }
}
