package io.datafs.core.repo;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.FileIngester;
import io.datafs.core.ingest.Futures;
import io.datafs.core.ingest.SymlinkCheck;
import io.datafs.core.store.WriteSession;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.LinkReach;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.PathEditor;
import io.datafs.core.tree.TreeDiff;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreeWalker;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Applies a set of path changes to a version's tree, at a cost proportional to the change: new file content
 * is ingested in parallel, then {@link PathEditor} rewrites only the pages on the paths to the changes. When
 * the dataset moved on since the base, the changes are replayed onto the latest version if no path of theirs
 * was also changed there; otherwise the commit stops with the colliding paths.
 */
final class Committer {
  private final WriteSession session;
  private final PageStore pages;
  private final FileIngester files;
  private final ExecutorService pool;

  Committer(WriteSession session, PageStore pages, FileIngester files, ExecutorService pool) {
    this.session = session;
    this.pages = pages;
    this.files = files;
    this.pool = pool;
  }

  /** Fails with the paths both {@code changes} and base-to-head touched; does nothing when head is base. */
  void checkNoCollision(Version base, Version head, SortedMap<String, Change> changes) {
    if (base.id().equals(head.id())) return;
    List<String> collisions = new ArrayList<>();
    TreeDiff.diff(pages, base.rootId(), head.rootId(), (path, oldE, newE) -> {
      for (String mine : changes.keySet()) {
        if (overlaps(mine, path)) {
          collisions.add(path);
          return;
        }
      }
    });
    if (!collisions.isEmpty()) {
      throw new ConflictException("changed both here and in " + head.label() + ": " + String.join(", ", collisions));
    }
  }

  NewTree apply(Version onto, SortedMap<String, Change> changes, long number) {
    Map<String, CompletableFuture<TreeEntry>> built = new TreeMap<>();
    for (var c : changes.entrySet()) built.put(c.getKey(), entryFor(onto, c.getKey(), c.getValue(), number));
    SortedMap<String, TreeEntry> edits = new TreeMap<>();
    for (var b : built.entrySet()) edits.put(b.getKey(), Futures.join(b.getValue(), "commit"));
    Totals[] totals = {onto.record().totals()};
    ObjectId root = PathEditor.apply(session, onto.rootId(), edits, number, (path, oldE, newE) -> {
      totals[0] = totals[0].minus(oldE).plus(newE);
      if (oldE != null && oldE.isDir() && (newE == null || !newE.isDir())) totals[0] = subtract(totals[0], oldE);
    });
    checkLinksStayInside(root, changes);
    return new NewTree(root, totals[0]);
  }

  private CompletableFuture<TreeEntry> entryFor(Version onto, String path, Change change, long number) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (change instanceof Change.PutFile f) {
      return CompletableFuture.supplyAsync(() -> {
        FileIngester.Content c = files.ingest(f.source(), path, sizeOf(f, path));
        return TreeEntry.file(name, f.mode(), c.size(), f.mtimeNanos(), number, c.id(), c.chunkList());
      }, pool);
    }
    TreeEntry entry = null;
    if (change instanceof Change.PutSymlink s) {
      entry = TreeEntry.symlink(name, 0777, s.mtimeNanos(), number, s.target());
    } else if (change instanceof Change.PutEntry p) {
      entry = p.entry().withChangedIn(number);
    } else if (change instanceof Change.PutDir d) {
      entry = TreeEntry.dir(name, d.mode(), d.mtimeNanos(), number, existingDir(onto, path));
    }
    return CompletableFuture.completedFuture(entry);
  }

  /**
   * The last line against symlinks that leave the dataset (a writable mount refuses them as they are made or
   * moved): every link put, and every link below a directory moved, is judged where it sits in the new tree.
   */
  private void checkLinksStayInside(ObjectId root, SortedMap<String, Change> changes) {
    LinkReach links = new LinkReach(pages);
    for (var c : changes.entrySet()) {
      if (!(c.getValue() instanceof Change.PutSymlink || c.getValue() instanceof Change.PutEntry)) continue;
      String path = c.getKey();
      TreeEntry e = entryAt(root, path);
      String escaping = null;
      if (e != null && e.isSymlink() && SymlinkCheck.escapes(path, e.target())) {
        escaping = path + " -> " + e.target();
      } else if (e != null && e.isDir()) {
        String below = links.escaping(e.contentId(), LinkReach.depthOf(path));
        if (below != null) escaping = path + "/" + below;
      }
      if (escaping != null) {
        throw new InvalidInputException("a symlink would leave the dataset: " + Names.printable(escaping)
            + "; nothing committed");
      }
    }
  }

  private TreeEntry entryAt(ObjectId root, String path) {
    ObjectId dir = root;
    TreeEntry e = null;
    for (String part : path.split("/")) {
      if (e != null && !e.isDir()) return null;
      if (e != null) dir = e.contentId();
      e = Directory.lookup(pages, dir, part).orElse(null);
      if (e == null) return null;
    }
    return e;
  }

  /** A directory keeps what it holds when only its attributes change. */
  private ObjectId existingDir(Version onto, String path) {
    ObjectId dir = onto.rootId();
    for (String part : path.split("/")) {
      TreeEntry e = Directory.lookup(pages, dir, part).orElse(null);
      if (e == null || !e.isDir()) return Directory.EMPTY_DIR;
      dir = e.contentId();
    }
    return dir;
  }

  /** Removes what lay below a directory that was deleted or replaced. */
  private Totals subtract(Totals t, TreeEntry dir) {
    Totals[] out = {t};
    TreeWalker.walk(pages, dir.contentId(), (p, e) -> {
      out[0] = out[0].minus(e);
      return true;
    });
    return out[0];
  }

  private static long sizeOf(Change.PutFile f, String path) {
    try {
      return Files.size(f.source());
    } catch (IOException e) {
      throw new InvalidInputException("cannot read staged file " + path + ": " + e.getMessage());
    }
  }

  static boolean overlaps(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }
}
