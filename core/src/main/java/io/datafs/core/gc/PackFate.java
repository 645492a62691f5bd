package io.datafs.core.gc;

import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import java.util.List;

/**
 * What a GC does with one local pack, by what the mark left alive in it.
 *
 * @param liveObjects     how many objects stay
 * @param liveBytes       their stored bytes
 * @param live            for a pack to repack, the objects to copy, in pack order (neighbours stay neighbours); else
 *                        empty: a pack kept or deleted needs no list, and a large store's would fill the heap
 * @param deadObjects     objects nothing reaches, or second copies of objects kept elsewhere
 * @param deadBytes       their stored bytes
 * @param forgottenChunks dead chunks whose OBJECTS row names this pack: the rows to delete
 * @param forgottenPages  dead metadata objects: their METADATA rows to delete
 */
public record PackFate(ObjectId pack, PackKind kind, long fileBytes, int liveObjects, long liveBytes,
                       List<PackEntry> live, int deadObjects, long deadBytes, List<ObjectId> forgottenChunks,
                       List<ObjectId> forgottenPages) {
  public enum Action { KEEP, REPACK, DELETE }

  public Action action() {
    if (deadObjects == 0) return Action.KEEP;
    return liveObjects == 0 ? Action.DELETE : Action.REPACK;
  }
}
