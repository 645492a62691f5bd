package io.datafs.core.select;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.annotate.DataObject;
import io.datafs.core.annotate.ObjectWalker;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.label.Labels;
import io.datafs.core.repo.TreeListing;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.util.List;
import java.util.function.Predicate;

/** The data objects of a version that pass every filter, applied in the order given (LDB's pipeline). */
public final class Selection implements ObjectFilter.Facts {
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

  @Override public AnnotationIndex annotations() {
    return annotations;
  }

  @Override public Labels labels() {
    return labels;
  }

  /**
   * Visits the selected objects below {@code dir} ("" for the whole version) in path order, until the visitor
   * returns false.
   */
  public void forEach(Version v, String dir, Predicate<DataObject> visitor) {
    TreeEntry top = TreeListing.stat(pages, v, dir);
    if (!top.isDir()) throw new InvalidInputException("not a directory in " + v.label() + ": " + dir);
    String base = String.join("/", TreeListing.splitPath(dir));
    ObjectWalker.walk(pages, top.contentId(), base, d -> true, o -> !test(o) || visitor.test(o));
  }

  /** Visits the selected objects of any listing of directories by path (a writable mount's view). */
  public void forEach(ObjectWalker.Listing listing, Predicate<DataObject> visitor) {
    TreeEntry root = TreeEntry.dir("", 0755, 0, 0, Directory.EMPTY_DIR);
    ObjectWalker.walk(listing, root, "", d -> true, o -> !test(o) || visitor.test(o));
  }

  public boolean test(DataObject o) {
    for (ObjectFilter f : filters) if (!f.test(o, this)) return false;
    return true;
  }
}
