package io.datafs.cli.commands;

import io.datafs.cli.Session;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Removal;
import io.datafs.daemon.MountRecord;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code rm}, {@code reset} and {@code pull --rebase} refuse before removing anything: versions in use by a mount,
 * tags without --force.
 */
final class RemovalChecks {
  private RemovalChecks() {}

  /**
   * Refuses when a mount of this store shows one of the versions or stands on one as the base of its staged changes.
   * Call it holding the mount manager's lock, and remove under it, so no mount of them starts meanwhile.
   */
  static void notMounted(Session session, Removal plan) {
    mountFrom(session, plan.dataset(), plan.first()).ifPresent(m -> {
      throw new InvalidInputException(m.label() + " is mounted at " + m.dir() + (m.writable()
          ? " (writable: it is the base of the staged changes)" : "") + ": umount it first; nothing removed");
    });
  }

  /** A mount of this store that shows version {@code first} of {@code ds} or a later one, or stands on it. */
  static Optional<MountRecord> mountFrom(Session session, DatasetName ds, long first) {
    return session.daemon().mounts().list().stream()
        .filter(m -> m.dataset().equals(ds.value()) && m.version() >= first).findFirst();
  }

  /** Refuses tags on the versions unless {@code force}; {@code where} is " here" or " on origin". */
  static void tagsAllowed(Removal plan, boolean force, String where) {
    if (plan.tags().isEmpty() || force) return;
    throw new InvalidInputException(plan.label() + where + " has tags " + tags(plan) + ": --force removes them with it;"
        + " nothing removed");
  }

  /** {@code release (v2), best (v3)}. */
  static String tags(Removal plan) {
    return plan.tags().entrySet().stream().map(t -> t.getKey() + " (v" + t.getValue() + ")")
        .collect(Collectors.joining(", "));
  }

  /** {@code cats@v3..v4} and its tags, for the line saying what went. */
  static String removed(Removal plan) {
    return plan.label() + (plan.tags().isEmpty() ? "" : " and " + (plan.tags().size() == 1 ? "tag " : "tags ")
        + String.join(", ", plan.tags().keySet()));
  }
}
