package io.datafs.cli.commands;

import io.datafs.cli.Session;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.version.Removal;
import io.datafs.daemon.MountRecord;
import java.util.stream.Collectors;

/**
 * What {@code rm} and {@code reset} refuse before removing anything: versions in use by a mount, tags without --force.
 */
final class RemovalChecks {
  private RemovalChecks() {}

  /**
   * Refuses when a mount of this store shows one of the versions or stands on one as the base of its staged changes.
   * Call it holding the mount manager's lock, and remove under it, so no mount of them starts meanwhile.
   */
  static void notMounted(Session session, Removal plan) {
    for (MountRecord m : session.daemon().mounts().list()) {
      if (m.dataset().equals(plan.dataset().value()) && m.version() >= plan.first()) {
        throw new InvalidInputException(m.label() + " is mounted at " + m.dir() + (m.writable()
            ? " (writable: it is the base of the staged changes)" : "") + ": umount it first; nothing removed");
      }
    }
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
