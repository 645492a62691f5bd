package io.datafs.core.repo;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeDiff;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * The versions that changed one file or directory ({@code git log -- path}). Each version is compared with the one
 * before along the path only: a directory on the way whose id both share is the same subtree, so the look stops there
 * without opening it, and a changed directory costs a lookup of one name, O(log n) pages. A path counts as changed
 * when its entry differs ({@link TreeEntry#sameAs}: kind, mode, size, mtime, content, target), or, for a directory,
 * when something below it does (read with {@link TreeDiff}, which skips shared pages): exactly when {@code datafs diff}
 * of the two versions reports it or a path below it.
 */
public final class PathHistory {
  /** How a version changed the path. */
  public enum Kind { ADDED, MODIFIED, DELETED }

  /** One version that changed the path, and its entry there after the change (null when deleted). */
  public record Changed(Version version, Kind kind, TreeEntry entry) {}

  private PathHistory() {}

  /** The versions of {@code history} (oldest first, consecutive) that changed {@code path}, oldest first. */
  public static List<Changed> of(PageStore pages, List<Version> history, String path) {
    String[] parts = split(path);
    List<Changed> out = new ArrayList<>();
    ObjectId before = null;
    for (Version v : history) {
      Changed c = compare(pages, before, v, parts);
      if (c != null) out.add(c);
      before = v.rootId();
    }
    return out;
  }

  /** How {@code v} changed the path against the root {@code before} (null: no version before), or null if not. */
  private static Changed compare(PageStore pages, ObjectId before, Version v, String[] parts) {
    ObjectId a = before;
    ObjectId b = v.rootId();
    TreeEntry old = null;
    TreeEntry now = null;
    if (parts.length == 0) { // the root: every version that differs from the one before
      if (b.equals(a)) return null;
      return new Changed(v, a == null ? Kind.ADDED : Kind.MODIFIED, null);
    }
    for (String part : parts) {
      if (a != null && a.equals(b)) return null; // one subtree: nothing below it differs
      old = a == null ? null : Directory.lookup(pages, a, part).orElse(null);
      now = b == null ? null : Directory.lookup(pages, b, part).orElse(null);
      if (old == null && now == null) return null;
      a = old != null && old.isDir() ? old.contentId() : null;
      b = now != null && now.isDir() ? now.contentId() : null;
    }
    if (old == null) return new Changed(v, Kind.ADDED, now);
    if (now == null) return new Changed(v, Kind.DELETED, null);
    if (old.isDir() && now.isDir() && old.withContent(now.contentId()).sameAs(now)) {
      // its own attributes kept: changed when something below is (not when entries only got a new changedIn)
      return differBelow(pages, old.contentId(), now.contentId()) ? new Changed(v, Kind.MODIFIED, now) : null;
    }
    return old.sameAs(now) ? null : new Changed(v, Kind.MODIFIED, now);
  }

  /** Thrown by the diff's visitor at the first difference: one is enough. */
  private static final class Differs extends RuntimeException {
    Differs() {
      super(null, null, false, false);
    }
  }

  private static boolean differBelow(PageStore pages, ObjectId a, ObjectId b) {
    try {
      TreeDiff.diff(pages, a, b, (path, x, y) -> {
        throw new Differs();
      });
      return false;
    } catch (Differs d) {
      return true;
    }
  }

  /** "a/b" as its names; "", "." and "/" are the root. A name that cannot be in a tree is refused. */
  static String[] split(String path) {
    String p = path.replaceAll("^/+|/+$", "");
    if (p.isEmpty() || p.equals(".")) return new String[0];
    String[] parts = p.split("/+");
    for (String part : parts) {
      if (part.equals(".") || part.equals("..")) {
        throw new InvalidInputException("not a path in a dataset: '" + Names.printable(path) + "' (no . or ..)");
      }
    }
    return parts;
  }
}
