package io.datafs.core.gc;

/**
 * Named points of a GC, for crash tests: the daemon's {@code DATAFS_KILL_AT=<step>} kills it with SIGKILL when a GC
 * reaches that step, as it does for commits.
 */
public interface GcSteps {
  GcSteps NONE = step -> {};

  /** Live objects are copied into new packs, sealed, and no row names them yet. */
  String REPACKED = "gc-repacked";
  /** The index names the new packs and forgets the old ones; no old pack file is deleted yet. */
  String INDEXED = "gc-indexed";
  /** One old pack file is deleted, the others not yet. */
  String DELETING = "gc-deleting";

  void reached(String step);
}
