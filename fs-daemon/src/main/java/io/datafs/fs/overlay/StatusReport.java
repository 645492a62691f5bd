package io.datafs.fs.overlay;

import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreePaths;
import io.datafs.fs.FsException;
import io.datafs.fs.overlay.Namespace.Resolved;
import io.datafs.fs.overlay.StagedChange.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code datafs status}: the staged nodes as git would say them. A node that began at another base path is a
 * rename (and its source's whiteout is not also a deletion); one with nothing below is an addition; one that
 * differs from what is below, a modification. Directories are listed only when they themselves changed.
 */
final class StatusReport {
  private final Delta delta;
  private final Namespace ns;

  StatusReport(Delta delta, Namespace ns) {
    this.delta = delta;
    this.ns = ns;
  }

  List<StagedChange> changes() {
    List<StagedChange> out = new ArrayList<>();
    List<Resolved> whiteouts = new ArrayList<>();
    Set<String> renamedFrom = new HashSet<>();
    delta.forEach((path, node) -> {
      if (path.isEmpty()) return;
      Resolved r;
      try {
        r = ns.resolve(path);
      } catch (FsException e) {
        return; // under something deleted since: not shown, not committed
      }
      if (node instanceof Node.Whiteout) {
        if (r.below() != null) whiteouts.add(r);
        return;
      }
      String from = from(node);
      if (from != null && !from.equals(r.origin())) {
        out.add(new StagedChange(Kind.RENAMED, path, from, r.kind()));
        renamedFrom.add(from);
      } else if (r.below() == null) {
        out.add(new StagedChange(Kind.ADDED, path, null, r.kind()));
      } else if (differs(node, r.below())) {
        out.add(new StagedChange(Kind.MODIFIED, path, null, r.kind()));
      }
    });
    for (Resolved w : whiteouts) {
      if (!renamedFrom.contains(w.origin())) out.add(new StagedChange(Kind.DELETED, w.path(), null, w.below().kind()));
    }
    out.sort(Comparator.comparing(StagedChange::path, TreePaths.ORDER));
    return out;
  }

  private static String from(Node n) {
    if (n instanceof Node.File f) return f.from();
    if (n instanceof Node.Dir d && d.lower() != null) return d.from();
    return null;
  }

  private static boolean differs(Node n, TreeEntry below) {
    if (n instanceof Node.Dir d) {
      return !below.isDir() || (d.lower() != null && !d.lower().equals(below.contentId()))
          || d.mode() != below.mode() || d.mtimeNanos() != below.mtimeNanos();
    }
    if (n instanceof Node.File f) {
      return f.isStaged() || !below.isFile() || !f.base().contentId().equals(below.contentId())
          || f.mode() != below.mode() || f.mtimeNanos() != below.mtimeNanos();
    }
    Node.Symlink s = (Node.Symlink) n;
    return !below.isSymlink() || !Objects.equals(s.target(), below.target()) || s.mtimeNanos() != below.mtimeNanos();
  }
}
