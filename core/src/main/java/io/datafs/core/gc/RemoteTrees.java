package io.datafs.core.gc;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.lazy.LazyPages;
import io.datafs.core.lazy.LocatedObject;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteEntry;
import io.datafs.core.remote.RemoteLayout;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a remote's GC that judges located objects ({@code tree/}, what lazy mounts read). One is live when the
 * mark reached its page or chunk list from a live version. The others are read (to know what they name) and deleted
 * parents before children, so a located object on the remote always has its whole subtree there, which a push relies
 * on when it skips a subtree whose root is there; they go before the packs, whose chunks they locate. Kept, with
 * everything below them and the packs they locate: those written within the grace, and all of them while a push is
 * under way (a marker in {@code gc/pending/}): that push may have found one there and be about to publish a version
 * that names it.
 *
 * @param doomed     the located objects to delete, each before what it names
 * @param keptPacks  packs that kept located objects locate chunks in: not to be deleted
 * @param kept       located objects that are not live but kept
 */
record RemoteTrees(List<RemoteEntry> doomed, Set<ObjectId> keptPacks, int kept) {
  static RemoteTrees judge(Remote remote, List<RemoteEntry> listed, LiveObjects live, Instant cutoff,
                           boolean pushUnderWay) {
    Map<ObjectId, RemoteEntry> candidates = new HashMap<>();
    for (RemoteEntry e : listed) {
      ObjectId id = RemoteLayout.parseTree(e.key());
      if (!live.isLiveMetadata(id)) candidates.put(id, e);
    }
    Map<ObjectId, List<ObjectId>> children = new HashMap<>();
    Map<ObjectId, Set<ObjectId>> packs = new HashMap<>();
    for (ObjectId id : candidates.keySet()) {
      List<ObjectId> kids = new ArrayList<>();
      Set<ObjectId> located = new HashSet<>();
      try {
        LocatedObject o = LazyPages.read(remote, id);
        if (o != null) {
          for (LocatedObject.Child c : o.children()) if (candidates.containsKey(c.id())) kids.add(c.id());
          for (ObjectLocation l : o.locations().values()) located.add(l.packId());
        }
      } catch (CorruptObjectException damaged) {
        // names nothing that can be read: deleted with the others
      }
      children.put(id, kids);
      packs.put(id, located);
    }
    Set<ObjectId> keep = new HashSet<>();
    Deque<ObjectId> todo = new ArrayDeque<>();
    for (Map.Entry<ObjectId, RemoteEntry> c : candidates.entrySet()) {
      if (pushUnderWay || !c.getValue().modified().isBefore(cutoff)) todo.add(c.getKey());
    }
    while (!todo.isEmpty()) {
      ObjectId id = todo.pop();
      if (keep.add(id)) todo.addAll(children.get(id));
    }
    Set<ObjectId> keptPacks = new HashSet<>();
    keep.forEach(id -> keptPacks.addAll(packs.get(id)));
    // parents first (Kahn's order): an object goes once every doomed object that names it has gone
    Map<ObjectId, Integer> parents = new HashMap<>();
    for (ObjectId id : candidates.keySet()) {
      if (keep.contains(id)) continue;
      for (ObjectId c : children.get(id)) if (!keep.contains(c)) parents.merge(c, 1, Integer::sum);
    }
    List<RemoteEntry> doomed = new ArrayList<>();
    Deque<ObjectId> ready = new ArrayDeque<>();
    for (ObjectId id : candidates.keySet()) if (!keep.contains(id) && !parents.containsKey(id)) ready.add(id);
    while (!ready.isEmpty()) {
      ObjectId id = ready.poll();
      doomed.add(candidates.get(id));
      for (ObjectId c : children.get(id)) {
        if (!keep.contains(c) && parents.merge(c, -1, Integer::sum) == 0) ready.add(c);
      }
    }
    return new RemoteTrees(doomed, keptPacks, keep.size());
  }
}
