package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far above a directory its symlinks reach. A relative target climbs some levels above the link's own
 * directory ({@link #climb}: the most ".." it is above it at any point, read as text); seen from a directory, a
 * link k levels below it climbs that minus k above it. A directory at depth D (D components below the dataset
 * root) keeps every symlink inside the dataset exactly when its reach is at most D; so moving a directory deeper
 * never lets a link escape, and moving it up needs this answer. Memoized per tree id, as trees never change.
 * Thread-safe.
 */
public final class LinkReach {
  /** The reach of a tree with no symlink. */
  public static final int NONE = Integer.MIN_VALUE / 2;
  /** The climb of an absolute or empty target: it leaves from anywhere. */
  public static final int ANYWHERE = Integer.MAX_VALUE / 2;
  private static final int MEMO = 10_000;

  private final PageStore pages;
  private final Map<ObjectId, Integer> memo = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ObjectId, Integer> eldest) {
      return size() > MEMO;
    }
  };

  public LinkReach(PageStore pages) {
    this.pages = pages;
  }

  /** How many levels above the link's directory {@code target} goes at its highest; 0 if never above it. */
  public static int climb(String target) {
    if (target.isEmpty() || target.startsWith("/")) return ANYWHERE;
    int depth = 0;
    int climb = 0;
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      depth += part.equals("..") ? -1 : 1;
      climb = Math.max(climb, -depth);
    }
    return climb;
  }

  /** The depth of a path's directory: 0 for a name in the root ("a"), 1 for "d/a". */
  public static int depthOfParent(String path) {
    int depth = 0;
    for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) depth++;
    return depth;
  }

  /** The depth a directory at {@code path} gives the links directly in it: its number of components. */
  public static int depthOf(String path) {
    return path.isEmpty() ? 0 : depthOfParent(path) + 1;
  }

  /** The reach of the directory {@code dir}: its links' climbs above it, at most; {@link #NONE} without links. */
  public int of(ObjectId dir) {
    synchronized (memo) {
      Integer known = memo.get(dir);
      if (known != null) return known;
    }
    int[] reach = {NONE};
    List<ObjectId> subdirs = new ArrayList<>();
    Directory.list(pages, dir, e -> {
      if (e.isSymlink()) reach[0] = Math.max(reach[0], climb(e.target()));
      else if (e.isDir()) subdirs.add(e.contentId());
      return true;
    });
    for (ObjectId sub : subdirs) reach[0] = Math.max(reach[0], of(sub) - 1);
    synchronized (memo) {
      memo.put(dir, reach[0]);
    }
    return reach[0];
  }

  /**
   * A link of {@code dir} that would leave the dataset were {@code dir} at depth {@code depth}, as "path -> target"
   * relative to {@code dir}; null when none would.
   */
  public String escaping(ObjectId dir, int depth) {
    if (of(dir) <= depth) return null;
    String[] found = {null};
    Directory.list(pages, dir, e -> {
      if (e.isSymlink() && climb(e.target()) > depth) {
        found[0] = e.name() + " -> " + e.target();
      } else if (e.isDir() && of(e.contentId()) > depth + 1) {
        found[0] = e.name() + "/" + escaping(e.contentId(), depth + 1);
      }
      return found[0] == null;
    });
    return found[0];
  }
}
