package io.datafs.fs.overlay;

import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.SymlinkCheck;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.LinkReach;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeEntry;
import io.datafs.fs.BoundedLru;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Paths of an overlay over its base version: each component is the staged node when there is one, else the entry
 * of the tree below (the base's, or the tree a moved directory brought along). Tree lookups are cached by tree id,
 * which stays right across commits since trees never change. The caller holds the overlay's lock.
 */
final class Namespace {
  /**
   * A path as the overlay shows it.
   *
   * @param node     the staged node, or null when the path is as below
   * @param below    what the tree below holds at this path (through moved directories), or null
   * @param lowerDir for a directory, the tree whose entries show in it; otherwise null
   * @param origin   the base version's path of {@code below} (differs from {@code path} inside a moved directory),
   *                 or null when nothing below can be there
   */
  record Resolved(String path, Node node, TreeEntry below, ObjectId lowerDir, String origin) {
    boolean exists() {
      return node == null ? below != null : !(node instanceof Node.Whiteout);
    }

    EntryKind kind() {
      if (node instanceof Node.Dir) return EntryKind.DIR;
      if (node instanceof Node.File) return EntryKind.FILE;
      if (node instanceof Node.Symlink) return EntryKind.SYMLINK;
      return below.kind();
    }

    boolean isDir() {
      return exists() && kind() == EntryKind.DIR;
    }

    /** A symlink's target. */
    String target() {
      return node instanceof Node.Symlink s ? s.target() : below.target();
    }
  }

  /** One entry of a merged listing: the staged node, or else the entry below. */
  record Listed(String name, Node node, TreeEntry below) {}

  private static final int CACHED_LOOKUPS = 100_000;
  private static final int CACHED_TREES = 10_000;

  private final BoundedLru<String, Optional<TreeEntry>> lookups = new BoundedLru<>(CACHED_LOOKUPS);
  private final BoundedLru<ObjectId, List<String>> subdirNames = new BoundedLru<>(CACHED_TREES);
  private VersionReader reader;
  private Delta delta;

  Namespace(VersionReader reader, Delta delta) {
    this.reader = reader;
    this.delta = delta;
  }

  void reset(VersionReader reader, Delta delta) {
    this.reader = reader;
    this.delta = delta;
  }

  VersionReader reader() {
    return reader;
  }

  Resolved root() {
    Node n = delta.get("");
    ObjectId lower = n instanceof Node.Dir d && d.lower() != null ? d.lower() : reader.version().rootId();
    return new Resolved("", n, reader.root(), lower, "");
  }

  /**
   * The path ("a/b", "" for the root), which may not exist; ENOENT when a directory on the way does not, ENOTDIR
   * when something on the way is not a directory.
   */
  Resolved resolve(String path) {
    Resolved at = root();
    if (path.isEmpty()) return at;
    int from = 0;
    while (true) {
      int end = path.indexOf('/', from);
      if (end < 0) end = path.length();
      if (!at.exists()) throw new FsException(Errno.ENOENT, "no such directory: /" + at.path());
      if (at.kind() != EntryKind.DIR) throw new FsException(Errno.ENOTDIR, "not a directory: /" + at.path());
      String name = path.substring(from, end);
      if (Names.utf8Length(name) > Names.MAX_BYTES) {
        throw new FsException(Errno.ENAMETOOLONG, "name over 255 bytes: /" + path);
      }
      at = step(at, name);
      if (end == path.length()) return at;
      from = end + 1;
    }
  }

  /** The path, which must exist (ENOENT). */
  Resolved existing(String path) {
    Resolved r = resolve(path);
    if (!r.exists()) throw new FsException(Errno.ENOENT, "no such path: /" + path);
    return r;
  }

  Resolved step(Resolved dir, String name) {
    String p = Delta.child(dir.path(), name);
    Node n = delta.get(p);
    TreeEntry below = dir.lowerDir() == null ? null : lookup(dir.lowerDir(), name).orElse(null);
    String origin = originBelow(dir, name);
    if (n instanceof Node.Dir d) {
      ObjectId lower = d.lower() != null ? d.lower()
          : below != null && below.isDir() ? below.contentId() : Directory.EMPTY_DIR;
      return new Resolved(p, n, below, lower, origin);
    }
    if (n == null && below != null && below.isDir()) return new Resolved(p, null, below, below.contentId(), origin);
    return new Resolved(p, n, below, null, origin);
  }

  /** The base path of what shows below {@code name} in {@code dir}: a moved directory shows its old place. */
  private static String originBelow(Resolved dir, String name) {
    if (dir.node() instanceof Node.Dir d && d.lower() != null) {
      return d.from() == null ? null : Delta.child(d.from(), name);
    }
    return dir.origin() == null ? null : Delta.child(dir.origin(), name);
  }

  /** Up to {@code limit} entries of a directory named after {@code after} (null: from the start), merged. */
  List<Listed> listAfter(Resolved dir, String after, int limit) {
    NavigableMap<String, Node> own = delta.children(dir.path());
    Iterator<Map.Entry<String, Node>> mine = (after == null ? own : own.tailMap(after, false)).entrySet().iterator();
    Map.Entry<String, Node> m = mine.hasNext() ? mine.next() : null;
    List<Listed> out = new ArrayList<>();
    String belowAfter = after;
    List<TreeEntry> batch = List.of();
    int bi = 0;
    boolean belowDone = dir.lowerDir() == null;
    while (out.size() < limit) {
      if (!belowDone && bi == batch.size()) {
        batch = reader.listAfter(TreeEntry.dir("", 0755, 0, 0, dir.lowerDir()), belowAfter, Math.max(limit, 64));
        bi = 0;
        if (batch.isEmpty()) belowDone = true;
        else belowAfter = batch.get(batch.size() - 1).name();
      }
      TreeEntry b = belowDone ? null : batch.get(bi);
      if (m == null && b == null) break;
      int c = m == null ? 1 : b == null ? -1 : Names.compare(m.getKey(), b.name());
      if (c <= 0) {
        if (!(m.getValue() instanceof Node.Whiteout)) out.add(new Listed(m.getKey(), m.getValue(), c == 0 ? b : null));
        if (c == 0) bi++;
        m = mine.hasNext() ? mine.next() : null;
      } else {
        out.add(new Listed(b.name(), null, b));
        bi++;
      }
    }
    return out;
  }

  /**
   * EPERM when moving {@code src} to {@code b} lets a symlink leave the dataset: the link itself, or one below a
   * directory moved up (moving a directory deeper never does, as nothing staged leaves the dataset where it is).
   */
  void refuseEscapingLinks(Resolved src, String b, String to) {
    String escaping = null;
    if (src.kind() == EntryKind.SYMLINK && SymlinkCheck.escapes(b, src.target())) {
      escaping = to + " -> " + src.target();
    } else if (src.isDir() && LinkReach.depthOf(b) < LinkReach.depthOf(src.path())) {
      String below = escapingLink(src, LinkReach.depthOf(b));
      if (below != null) escaping = to + "/" + below;
    }
    if (escaping != null) throw new FsException(Errno.EPERM, "a symlink must stay inside the dataset: " + escaping);
  }

  /**
   * A symlink shown below {@code dir} that would leave the dataset were {@code dir} at depth {@code depth} (see
   * {@link LinkReach}), as "path -> target" relative to {@code dir}; null when none would. What has nothing staged
   * below it is judged by its tree's id, so only staged paths and trees that do reach that far are listed.
   */
  String escapingLink(Resolved dir, int depth) {
    ObjectId lower = dir.lowerDir();
    LinkReach links = reader.links();
    if (!delta.hasNodesBelow(dir.path())) return lower == null ? null : links.escaping(lower, depth);
    for (String name : delta.children(dir.path()).keySet()) {
      String found = escapingChild(step(dir, name), depth);
      if (found != null) return found;
    }
    if (lower == null || links.of(lower) <= depth) return null;
    TreeEntry lowerDir = TreeEntry.dir("", 0755, 0, 0, lower);
    String after = null;
    for (List<TreeEntry> page; !(page = reader.listAfter(lowerDir, after, 1024)).isEmpty();
         after = page.get(page.size() - 1).name()) {
      for (TreeEntry e : page) {
        if (delta.get(Delta.child(dir.path(), e.name())) != null) continue; // judged with the staged nodes
        String found = escapingChild(step(dir, e.name()), depth);
        if (found != null) return found;
      }
    }
    return null;
  }

  private String escapingChild(Resolved r, int depth) {
    String name = Delta.name(r.path());
    if (!r.exists()) return null;
    if (r.kind() == EntryKind.SYMLINK) return LinkReach.climb(r.target()) > depth ? name + " -> " + r.target() : null;
    if (!r.isDir()) return null;
    String below = escapingLink(r, depth + 1);
    return below == null ? null : name + "/" + below;
  }

  /**
   * The directories a directory shows, for its {@code st_nlink} (2 + this): those of the tree below that no node
   * hides, plus its directory nodes (counted by {@link Delta}). Whichever is smaller is walked, the tree's
   * subdirectories (listed once per tree: trees never change) or the directory's nodes, so a stat stays cheap while
   * many files are created in one directory.
   */
  int subdirs(Resolved dir) {
    List<String> below = dir.lowerDir() == null ? List.of() : subdirNames(dir.lowerDir());
    NavigableMap<String, Node> staged = delta.children(dir.path());
    int hidden = 0;
    if (staged.size() < below.size()) {
      for (String name : staged.keySet()) {
        if (lookup(dir.lowerDir(), name).map(TreeEntry::isDir).orElse(false)) hidden++;
      }
    } else {
      for (String name : below) if (staged.containsKey(name)) hidden++;
    }
    return below.size() - hidden + delta.dirNodes(dir.path());
  }

  private List<String> subdirNames(ObjectId tree) {
    List<String> cached = subdirNames.get(tree);
    if (cached != null) return cached;
    TreeEntry dir = TreeEntry.dir("", 0755, 0, 0, tree);
    List<String> names = new ArrayList<>();
    String after = null;
    for (List<TreeEntry> page; !(page = reader.listAfter(dir, after, 1024)).isEmpty();
         after = page.get(page.size() - 1).name()) {
      for (TreeEntry e : page) if (e.isDir()) names.add(e.name());
    }
    subdirNames.put(tree, names);
    return names;
  }

  /** Whether a directory shows no entries. */
  boolean isEmptyDir(Resolved dir) {
    return listAfter(dir, null, 1).isEmpty();
  }

  Optional<TreeEntry> lookup(ObjectId tree, String name) {
    String key = tree.hex() + "/" + name;
    Optional<TreeEntry> hit = lookups.get(key);
    if (hit != null) return hit;
    Optional<TreeEntry> found = reader.lookup(TreeEntry.dir("", 0755, 0, 0, tree), name);
    lookups.put(key, found);
    return found;
  }
}
