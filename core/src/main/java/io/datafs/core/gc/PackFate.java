package io.datafs.core.gc;

import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import java.util.List;

/**
 * What a GC does with one local pack, by what the mark left alive in it.
 *
 * @param live            the objects to keep, in pack order (a repack copies them in that order: neighbours stay so)
 * @param deadObjects     objects nothing reaches, or second copies of objects kept elsewhere
 * @param deadBytes       their stored bytes
 * @param forgottenChunks dead chunks whose OBJECTS row names this pack: the rows to delete
 * @param forgottenPages  dead metadata objects: their METADATA rows to delete
 */
public record PackFate(ObjectId pack, PackKind kind, long fileBytes, List<PackEntry> live, int deadObjects,
                       long deadBytes, List<ObjectId> forgottenChunks, List<ObjectId> forgottenPages) {
  public enum Action { KEEP, REPACK, DELETE }

  public Action action() {
    if (deadObjects == 0) return Action.KEEP;
    return live.isEmpty() ? Action.DELETE : Action.REPACK;
  }

  public long liveBytes() {
    return live.stream().mapToLong(PackEntry::storedLength).sum();
  }
}
