package io.datafs.cli.commands;

import io.datafs.cli.Session;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.version.Pruning;
import io.datafs.core.version.Removal;
import io.datafs.core.version.Version;
import io.datafs.daemon.MountRecord;

/**
 * What {@code rm} takes on one side (this store or a remote): the newest versions from V up ({@code newest}: the whole
 * dataset, or V the head, whose number the next version takes again), or V alone below the head ({@code below}: the
 * versions after it stay, by its tombstone, as {@code retain} leaves them). Exactly one is set.
 */
record RmPlan(Removal newest, Pruning below) {
  static RmPlan of(Removal newest) {
    return new RmPlan(newest, null);
  }

  static RmPlan of(Pruning below) {
    return new RmPlan(null, below);
  }

  /** The version asked for (the oldest that goes). */
  Version version() {
    return newest != null ? newest.versions().get(0) : below.versions().get(0);
  }

  /** Refuses when a mount of this store shows a version that goes (or stands on one with staged changes). */
  void checkNotMounted(Session session) {
    if (newest != null) {
      RemovalChecks.notMounted(session, newest);
      return;
    }
    for (MountRecord m : session.daemon().mounts().list()) {
      if (m.dataset().equals(below.dataset().value()) && below.removes(m.version())) {
        throw new InvalidInputException(m.label() + " is mounted at " + m.dir() + (m.writable()
            ? " (writable: it is the base of the staged changes)" : "") + ": umount it first; nothing removed");
      }
    }
  }

  /** Refuses tags on what goes unless {@code force}; {@code where} is " here" or " on origin". */
  void checkTags(boolean force, String where) {
    if (newest != null) {
      RemovalChecks.tagsAllowed(newest, force, where);
    } else if (!below.tags().isEmpty() && !force) {
      throw new InvalidInputException(below.label() + where + " has tags " + below.tagList() + ": --force removes them"
          + " with it; nothing removed");
    }
  }

  /** {@code cats@v3} and its tags, for the line saying what went. */
  String removed() {
    if (newest != null) return RemovalChecks.removed(newest);
    return below.label() + (below.tags().isEmpty() ? "" : " and " + (below.tags().size() == 1 ? "tag " : "tags ")
        + String.join(", ", below.tags().keySet()));
  }
}
