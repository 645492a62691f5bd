package io.datafs.core.sync;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.lazy.LocatedObject;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.PageCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads the located objects ({@code tree/}) of versions a push publishes, so that lazy mounts can read them a page
 * at a time. Children go before their parents, so a located object on the remote implies its whole subtree is there:
 * the walk goes top-down, asks the remote for each object, and does not descend below one that is there, as a Merkle
 * tree is synced; a push of a version that changed a few files asks about and uploads a few objects per level. Asking
 * is a size request each (several at once) while the walk is small; once it would ask about more than
 * {@link #LIST_ABOVE} objects (a first push of a large tree), one listing of {@code tree/} answers for the rest, a
 * request per thousand objects the remote holds instead of one per object. What is missing is then uploaded
 * bottom-up, a level at a time, {@link #PUTS} at once: small immutable objects, latency-bound. Each object is built
 * from this store: the page or chunk list, and where its chunks are (OBJECTS rows: the push uploaded those packs just
 * before).
 */
final class TreeUpload {
  /** Objects asked about one by one before a listing of {@code tree/} answers instead. */
  static final int LIST_ABOVE = 1_000;
  /** Located objects in flight at once, and listings of {@code tree/<aa>/}. */
  static final int PUTS = 16;

  private record Node(boolean page, List<ObjectId> children) {}

  private final MetadataObjects metadata;
  private final LocalObjects objects;
  private final int listAbove;

  TreeUpload(MetadataObjects metadata, LocalObjects objects) {
    this(metadata, objects, LIST_ABOVE);
  }

  /** @param listAbove objects asked about one by one before a listing answers instead (tests make it small) */
  TreeUpload(MetadataObjects metadata, LocalObjects objects, int listAbove) {
    this.metadata = metadata;
    this.objects = objects;
    this.listAbove = listAbove;
  }

  /** Uploads what the remote lacks of the trees below {@code roots}; returns how many objects and bytes. */
  long[] run(Remote remote, Collection<ObjectId> roots) {
    Map<ObjectId, Node> missing = new HashMap<>();
    Set<ObjectId> seen = new HashSet<>();
    List<LocatedObject.Child> frontier = new ArrayList<>();
    for (ObjectId r : roots) {
      if (!r.equals(Directory.EMPTY_DIR) && seen.add(r)) frontier.add(new LocatedObject.Child(r, true));
    }
    Set<ObjectId> listed = null;
    long asked = 0;
    while (!frontier.isEmpty()) {
      if (listed == null && asked + frontier.size() > listAbove) listed = listTrees(remote);
      Set<ObjectId> present = listed != null ? listed : ask(remote, frontier);
      asked += frontier.size();
      List<LocatedObject.Child> next = new ArrayList<>();
      for (LocatedObject.Child c : frontier) {
        if (present.contains(c.id())) continue; // its whole subtree is there
        List<LocatedObject.Child> kids = c.page()
            ? LocatedObject.children(PageCodec.decode(c.id(), metadata.get(c.id()))) : List.of();
        missing.put(c.id(), new Node(c.page(), kids.stream().map(LocatedObject.Child::id).toList()));
        for (LocatedObject.Child k : kids) if (seen.add(k.id())) next.add(k);
      }
      frontier = next;
    }
    TreeMap<Integer, List<ObjectId>> byHeight = new TreeMap<>();
    Map<ObjectId, Integer> heights = new HashMap<>();
    for (ObjectId id : missing.keySet()) byHeight.computeIfAbsent(height(id, missing, heights), h -> new ArrayList<>())
        .add(id);
    AtomicLong bytes = new AtomicLong();
    for (List<ObjectId> level : byHeight.values()) { // every child is up before any parent
      List<Parallel.Task> puts = new ArrayList<>();
      for (ObjectId id : level) {
        puts.add(() -> { // built in the task: a level of a large tree would not fit in memory at once
          byte[] encoded = located(id, missing.get(id).page()).encode();
          remote.put(RemoteLayout.tree(id), encoded);
          bytes.addAndGet(encoded.length);
        });
      }
      Parallel.run("datafs-push-tree", puts, PUTS);
    }
    return new long[] {missing.size(), bytes.get()};
  }

  /** Which of {@code frontier} the remote holds: a size request each, several at once. */
  private static Set<ObjectId> ask(Remote remote, List<LocatedObject.Child> frontier) {
    Set<ObjectId> present = ConcurrentHashMap.newKeySet();
    List<Parallel.Task> asks = new ArrayList<>();
    for (LocatedObject.Child c : frontier) {
      asks.add(() -> {
        if (remote.size(RemoteLayout.tree(c.id())).isPresent()) present.add(c.id());
      });
    }
    Parallel.run("datafs-push-tree", asks, PUTS);
    return present;
  }

  /** Every located object the remote holds: {@code tree/<aa>/} listed for each {@code aa}, several at once. */
  private static Set<ObjectId> listTrees(Remote remote) {
    Set<ObjectId> present = ConcurrentHashMap.newKeySet();
    List<Parallel.Task> lists = new ArrayList<>();
    for (int aa = 0; aa < 256; aa++) {
      String prefix = RemoteLayout.TREE + String.format("%02x/", aa);
      lists.add(() -> {
        for (RemoteKey k : remote.list(prefix)) {
          try {
            present.add(RemoteLayout.parseTree(k));
          } catch (InvalidInputException e) {
            // not a located object (a stray file): not one the walk will ask about
          }
        }
      });
    }
    Parallel.run("datafs-push-tree", lists, PUTS);
    return present;
  }

  private LocatedObject located(ObjectId id, boolean page) {
    byte[] object = metadata.get(id);
    Map<ObjectId, ObjectLocation> where = new HashMap<>();
    for (ObjectId chunk : new LocatedObject(id, page, object, Map.of()).referencedChunks()) {
      where.put(chunk, objects.locate(chunk));
    }
    return new LocatedObject(id, page, object, where);
  }

  /** 0 for an object with no missing child, else one more than its highest missing child. */
  private static int height(ObjectId id, Map<ObjectId, Node> missing, Map<ObjectId, Integer> memo) {
    Integer known = memo.get(id);
    if (known != null) return known;
    int h = 0;
    for (ObjectId c : missing.get(id).children()) {
      if (missing.containsKey(c)) h = Math.max(h, height(c, missing, memo) + 1);
    }
    memo.put(id, h);
    return h;
  }
}
