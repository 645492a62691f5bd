package io.datafs.core.sync;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.label.LabelCodec;
import io.datafs.core.label.LabelEvent;
import io.datafs.core.label.Labels;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every push and pull exchanges all label events, whatever datasets it moves: they are few, content-addressed and
 * immutable ({@code labels/<aa>/<event-id>.json}), so the remote's listing of {@code labels/} says what it lacks and
 * what it has that this store lacks. A remote without {@code labels/} is normal; any other key there is damage. An
 * event read is held to its name (a changed one is refused, as a changed version record is) and to everything
 * {@link LabelCodec} checks, then applied; events are read and applied a few at a time, so memory holds a few.
 */
final class LabelSync {
  private LabelSync() {}

  /** Uploads the events the remote lacks; returns how many. No listing when this store has none. */
  static int push(Remote remote, KvStore kv) {
    Labels labels = new Labels(kv);
    SortedSet<ObjectId> mine = labels.eventIds();
    if (mine.isEmpty()) return 0;
    mine.removeAll(listed(remote));
    List<Parallel.Task> tasks = new ArrayList<>();
    for (ObjectId id : mine) {
      tasks.add(() -> {
        byte[] json = labels.json(id);
        if (!ObjectId.hash(json).equals(id)) { // never spread a damaged local copy
          throw new CorruptObjectException(id, "label event " + id.shortHex(12) + " in this store's index is damaged");
        }
        remote.put(RemoteLayout.labelEvent(id), json); // content-addressed: a put again writes the same bytes
      });
    }
    Parallel.run("datafs-push-labels", tasks);
    return mine.size();
  }

  /**
   * Fetches, checks and applies the events this store lacks; returns how many.
   *
   * @throws CorruptObjectException naming the key of a changed or damaged event, of which nothing is applied
   */
  static int pull(Remote remote, KvStore kv) {
    Labels labels = new Labels(kv);
    List<Parallel.Task> tasks = new ArrayList<>();
    AtomicInteger received = new AtomicInteger();
    for (ObjectId id : listed(remote)) {
      if (labels.knows(id)) continue;
      tasks.add(() -> received.addAndGet(labels.receive(List.of(read(remote, id)))));
    }
    Parallel.run("datafs-pull-labels", tasks);
    return received.get();
  }

  private static LabelEvent read(Remote remote, ObjectId id) {
    RemoteKey key = RemoteLayout.labelEvent(id);
    byte[] json = RemoteLimits.read(remote, key, RemoteLimits.LABEL_EVENT, "a label event");
    ObjectId actual = ObjectId.hash(json);
    if (!actual.equals(id)) {
      throw new CorruptObjectException(id, "remote " + remote.url() + ": " + key + " was changed after it was "
          + "published: it hashes to " + actual.shortHex(12));
    }
    try {
      return LabelCodec.decode(id, json);
    } catch (CorruptObjectException e) {
      throw damaged(remote, key + ": " + e.getMessage());
    }
  }

  private static Set<ObjectId> listed(Remote remote) {
    Set<ObjectId> out = new HashSet<>();
    for (RemoteKey k : remote.list(RemoteLayout.LABELS)) {
      try {
        out.add(RemoteLayout.parseLabelEvent(k));
      } catch (InvalidInputException e) {
        throw damaged(remote, e.getMessage());
      }
    }
    return out;
  }

  private static CorruptObjectException damaged(Remote remote, String why) {
    return new CorruptObjectException(null, "remote " + remote.url() + " is damaged: " + why);
  }
}
