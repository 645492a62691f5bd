package io.datafs.core.select;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.annotate.AnnotationReader;
import io.datafs.core.annotate.DataObject;
import io.datafs.core.annotate.ObjectWalker;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.label.Labels;
import io.datafs.core.repo.TreeListing;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The data objects of a version that pass every filter, applied in the order given (LDB's pipeline). Objects come
 * out in path order; the walk reads annotations a page at a time, and the filters (mostly parsing annotations'
 * JSON) run on batches of objects on every core.
 */
public final class Selection {
  /** Objects filtered together: enough to keep the cores busy; a small first batch lets a first line out at once. */
  private static final int BATCH = 512;
  private static final int FIRST_BATCH = 32;

  private final PageStore pages;
  private final AnnotationIndex annotations;
  private final Labels labels;
  private final List<ObjectFilter> filters;

  public Selection(PageStore pages, AnnotationIndex annotations, Labels labels, List<ObjectFilter> filters) {
    this.pages = pages;
    this.annotations = annotations;
    this.labels = labels;
    this.filters = List.copyOf(filters);
  }

  public List<ObjectFilter> filters() {
    return filters;
  }

  /**
   * Visits the selected objects below {@code dir} ("" for the whole version) in path order, until the visitor
   * returns false.
   */
  public void forEach(Version v, String dir, Predicate<DataObject> visitor) {
    TreeEntry top = TreeListing.stat(pages, v, dir);
    if (!top.isDir()) throw new InvalidInputException("not a directory in " + v.label() + ": " + dir);
    String base = String.join("/", TreeListing.splitPath(dir));
    Walk walk = new Walk(visitor);
    walk.finish(ObjectWalker.walk(pages, top.contentId(), base, d -> true, walk::take));
  }

  /** Visits the selected objects of any listing of directories by path (a writable mount's view). */
  public void forEach(ObjectWalker.Listing listing, Predicate<DataObject> visitor) {
    TreeEntry root = TreeEntry.dir("", 0755, 0, 0, Directory.EMPTY_DIR);
    Walk walk = new Walk(visitor);
    walk.finish(ObjectWalker.walk(listing, root, "", d -> true, walk::take));
  }

  /** One walk: objects gathered in batches, their annotations' rows read in order, then filtered in parallel. */
  private final class Walk {
    private final Predicate<DataObject> visitor;
    private final AnnotationReader reader = annotations.reader(pages);
    private final boolean readsAnnotations = filters.stream().anyMatch(f -> f instanceof ObjectFilter.ByQuery);
    private final List<DataObject> batch = new ArrayList<>(BATCH);
    private final List<byte[]> rows = new ArrayList<>(BATCH);
    private int batchSize = FIRST_BATCH;

    Walk(Predicate<DataObject> visitor) {
      this.visitor = visitor;
    }

    boolean take(DataObject o) {
      batch.add(o);
      rows.add(readsAnnotations ? reader.row(o) : null);
      if (batch.size() < batchSize) return true;
      batchSize = BATCH;
      return deliver();
    }

    void finish(boolean walked) {
      try {
        if (walked) deliver();
      } finally {
        reader.flush();
      }
    }

    /** Filters the batch and hands on what passes, in order; false once the visitor wants no more. */
    private boolean deliver() {
      int n = batch.size();
      boolean[] pass = new boolean[n];
      IntStream range = IntStream.range(0, n);
      (n > 1 && !filters.isEmpty() ? range.parallel() : range).forEach(i -> pass[i] = test(batch.get(i), rows.get(i)));
      try {
        for (int i = 0; i < n; i++) {
          if (pass[i] && !visitor.test(batch.get(i))) return false;
        }
        return true;
      } finally {
        batch.clear();
        rows.clear();
      }
    }

    private boolean test(DataObject o, byte[] row) {
      ObjectFilter.Facts facts = new ObjectFilter.Facts() {
        private AnnotationIndex.Annotation parsed;

        @Override public AnnotationIndex.Annotation annotation(DataObject ignored) {
          if (parsed == null && row != null) parsed = AnnotationIndex.decode(row);
          return parsed;
        }

        @Override public Labels labels() {
          return labels;
        }
      };
      for (ObjectFilter f : filters) if (!f.test(o, facts)) return false;
      return true;
    }
  }
}
