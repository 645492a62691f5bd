package io.datafs.core.annotate;

import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreePaths;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Walks the data objects below a directory in path order, pairing each data file with its annotation. A file
 * {@code S.json} is an annotation when the same directory holds a regular file of stem {@code S} that is not itself a
 * {@code .json} ({@code S}, {@code S.jpg}); otherwise it is an ordinary data file, and never has an annotation of its
 * own. The stem of a name is what comes before its last dot ({@code a.tar.gz}: {@code a.tar}), or the whole name when
 * it has no dot after its first character. Symbolic links are not objects.
 *
 * <p>A directory streams, however large: entries whose pairing may still change wait in a window, and none is held
 * longer than that. Entries come in name order, so every name that can pair with {@code S.json} ({@code S} and
 * {@code S.<ext>}) comes before any name past the {@code "S."} block, and {@code S.json} itself before any name
 * after it: an entry is let go, in order, once the names reached say its pairing can no longer change. A directory
 * waits in the window too, so its objects follow those before it.
 */
public final class ObjectWalker {
  private static final String JSON = ".json";

  /**
   * Lists one directory's entries in name order, each with the leaf page it is on (null when not listed from pages:
   * a mount's view), until {@code each} returns false.
   */
  public interface Listing {
    void list(String dirPath, TreeEntry dir, Directory.LeafEntryVisitor each);
  }

  private final Listing listing;
  private final Predicate<TreeEntry> enter;
  private final Predicate<DataObject> visitor;
  /** Whether annotation files are visited too (as files without an annotation), not only data objects. */
  private final boolean annotationsToo;

  private ObjectWalker(Listing listing, Predicate<TreeEntry> enter, Predicate<DataObject> visitor,
                       boolean annotationsToo) {
    this.listing = listing;
    this.enter = enter;
    this.visitor = visitor;
    this.annotationsToo = annotationsToo;
  }

  /**
   * Visits the objects below directory {@code dirId} at {@code dirPath} ("" for the root) in path order, entering
   * only the directories {@code enter} accepts. Returns false when the visitor stopped the walk by returning false.
   */
  public static boolean walk(PageStore pages, ObjectId dirId, String dirPath,
                             Predicate<TreeEntry> enter, Predicate<DataObject> visitor) {
    Listing ofVersion = (path, dir, each) -> Directory.listWithLeaves(pages, dir.contentId(), each);
    return walk(ofVersion, TreeEntry.dir("", 0, 0, 0, dirId), dirPath, enter, visitor);
  }

  /** {@link #walk(PageStore, ObjectId, String, Predicate, Predicate)} over any listing of directories. */
  public static boolean walk(Listing listing, TreeEntry dir, String dirPath, Predicate<TreeEntry> enter,
                             Predicate<DataObject> visitor) {
    return new ObjectWalker(listing, enter, visitor, false).directory(dir, dirPath);
  }

  /**
   * Visits every regular file below directory {@code dirId} in path order: each data object with its annotation, as
   * {@link #walk} does, and each annotation file too, as an object with none (the file table lists every file).
   */
  public static boolean walkFiles(PageStore pages, ObjectId dirId, Predicate<DataObject> visitor) {
    Listing ofVersion = (path, dir, each) -> Directory.listWithLeaves(pages, dir.contentId(), each);
    return new ObjectWalker(ofVersion, dir -> true, visitor, true).directory(TreeEntry.dir("", 0, 0, 0, dirId), "");
  }

  /** The stem a name pairs by. */
  static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private boolean directory(TreeEntry dir, String dirPath) {
    Window window = new Window(dirPath);
    boolean[] going = {true};
    listing.list(dirPath, dir, (e, leaf) -> {
      window.arrive(e, leaf);
      going[0] = window.release(e.name());
      return going[0];
    });
    return going[0] && window.release(null);
  }

  private enum Kind { DATA, JSON, DIR, OTHER }

  /** An entry waiting in the window, and the stem it pairs by. */
  private record Pending(TreeEntry entry, Kind kind, String stem) {}

  /** What is known of one stem while entries of it wait. */
  private static final class Stem {
    int waiting;
    boolean hasData;
    TreeEntry annotation;
    ObjectId annotationLeaf;
  }

  /** The entries of one directory that wait for their pairing to be known, in name order. */
  private final class Window {
    private final String dirPath;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Map<String, Stem> stems = new HashMap<>();

    Window(String dirPath) {
      this.dirPath = dirPath;
    }

    void arrive(TreeEntry e, ObjectId leaf) {
      Kind kind = e.isDir() ? Kind.DIR : !e.isFile() ? Kind.OTHER : e.name().endsWith(JSON) ? Kind.JSON : Kind.DATA;
      String stem = kind == Kind.JSON ? e.name().substring(0, e.name().length() - JSON.length())
          : kind == Kind.DATA ? stem(e.name()) : null;
      if (stem != null) {
        Stem s = stems.computeIfAbsent(stem, k -> new Stem());
        s.waiting++;
        if (kind == Kind.DATA) {
          s.hasData = true;
        } else {
          s.annotation = e;
          s.annotationLeaf = leaf;
        }
      }
      queue.add(new Pending(e, kind, stem));
    }

    /** Lets go of the entries whose pairing is known once {@code reached} (null: the end) has arrived. */
    boolean release(String reached) {
      while (!queue.isEmpty()) {
        Pending head = queue.peek();
        if (reached != null && !settled(head, reached)) return true;
        queue.poll();
        if (!emit(head)) return false;
      }
      return true;
    }

    private boolean settled(Pending p, String reached) {
      return switch (p.kind) {
        case DATA -> Names.compare(reached, p.stem + JSON) >= 0;
        case JSON -> !reached.startsWith(p.stem + ".") && Names.compare(reached, p.stem + ".") > 0;
        case DIR, OTHER -> true;
      };
    }

    private boolean emit(Pending p) {
      String path = TreePaths.child(dirPath, p.entry.name());
      Stem s = p.stem == null ? null : stems.get(p.stem);
      if (s != null && --s.waiting == 0) stems.remove(p.stem);
      return switch (p.kind) {
        case DATA -> visitor.test(new DataObject(path, p.entry, s.annotation, s.annotationLeaf));
        case JSON -> s.hasData && !annotationsToo || visitor.test(new DataObject(path, p.entry, null, null));
        case DIR -> !enter.test(p.entry) || directory(p.entry, path);
        case OTHER -> true;
      };
    }
  }
}
