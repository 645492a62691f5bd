package io.datafs.core.annotate;

import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.Table;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the annotations of one walk a leaf page at a time ({@link AnnotationIndex}): the rows of the page an
 * annotation is on are read (or made) once, and the last few pages are kept, as a data file and its annotation may
 * sit on neighbouring pages. Rows made are written a page at a time. Not thread-safe: one per walk.
 */
public final class AnnotationReader {
  private static final int PAGES_KEPT = 4;
  private static final int BATCH = 4096;

  private final AnnotationIndex index;
  private final PageStore pages;
  private final Map<ObjectId, Map<String, byte[]>> kept = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ObjectId, Map<String, byte[]>> eldest) {
      return size() > PAGES_KEPT;
    }
  };
  private KvBatch batch = new KvBatch();
  private long parsed;

  AnnotationReader(AnnotationIndex index, PageStore pages) {
    this.index = index;
    this.pages = pages;
  }

  /** The object's annotation as parsed; null when it has none. */
  public AnnotationIndex.Annotation get(DataObject o) {
    byte[] row = row(o);
    return row == null ? null : AnnotationIndex.decode(row);
  }

  /** The object's annotation's row, to {@link AnnotationIndex#decode} (on any thread); null when it has none. */
  public byte[] row(DataObject o) {
    if (o.annotation() == null) return null;
    byte[] row = null;
    if (o.annotationLeaf() != null) {
      row = kept.computeIfAbsent(o.annotationLeaf(), this::page).get(o.annotation().name());
    }
    return row != null ? row : byContent(o.annotation()); // a mount's view lists no pages
  }

  /** How many annotations this reader parsed (found in no row). */
  public long parsed() {
    return parsed;
  }

  /** Writes the rows made and not written yet. */
  public void flush() {
    index.write(batch);
    batch = new KvBatch();
  }

  private Map<String, byte[]> page(ObjectId leaf) {
    byte[] row = index.pageRow(leaf);
    if (row != null) return AnnotationRows.readPage(row);
    AnnotationRows.PageWriter page = new AnnotationRows.PageWriter();
    for (TreeEntry e : Directory.leafEntries(pages, leaf)) {
      if (e.isFile() && e.name().endsWith(".json")) page.add(e.name(), byContent(e));
    }
    byte[] made = page.bytes();
    batch.put(Table.ANNOTATIONS, AnnotationRows.page(leaf), made);
    if (batch.size() >= BATCH) flush();
    return AnnotationRows.readPage(made);
  }

  private byte[] byContent(TreeEntry annotation) {
    byte[] row = index.row(annotation);
    if (row != null) return row;
    parsed++;
    return index.parseInto(annotation, batch);
  }
}
