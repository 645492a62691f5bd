package io.datafs.core.annotate;

import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.Table;
import io.datafs.core.tree.TreeBuilder;
import io.datafs.core.tree.TreeEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Annotations indexed while an import reads them: a small {@code .json} file is parsed from the bytes the ingest
 * just hashed, and the rows of each leaf page are written as the directory's tree cuts it. Reading them back after
 * the import was a random read per annotation into packs the page cache had mostly let go of: at a million
 * annotations it doubled the import's time (the compose bench block). A row waits in memory only from its file's
 * ingest until its page is cut, a window of files. What is not found here (a large annotation, content shared with
 * an earlier file) is left to {@link AnnotationIndex#indexNew}.
 */
public final class AnnotationIngest implements TreeBuilder.LeafListener {
  private static final int BATCH = 4096;
  private final AnnotationIndex index;
  private final Map<ObjectId, byte[]> waiting = new ConcurrentHashMap<>();
  private final AtomicLong parsed = new AtomicLong();
  private KvBatch batch = new KvBatch();

  AnnotationIngest(AnnotationIndex index) {
    this.index = index;
  }

  /** A file whose name ends in {@code .json} was read whole: parses it (any ingest thread). */
  public void read(ObjectId id, byte[] buf, int off, int len) {
    byte[] row = index.parse(buf, off, len);
    parsed.incrementAndGet();
    waiting.put(id, row);
    add(AnnotationRows.content(id), row);
  }

  /** A leaf page of a directory being imported was cut: writes its row when all its annotations were read. */
  @Override
  public void cut(ObjectId leaf, List<TreeEntry> entries) {
    AnnotationRows.PageWriter page = new AnnotationRows.PageWriter();
    boolean whole = true;
    for (TreeEntry e : entries) {
      if (!e.isFile() || !e.name().endsWith(".json")) continue;
      byte[] row = waiting.remove(e.contentId());
      if (row == null) whole = false; // shared with a file of an earlier page, or too large to read whole
      else page.add(e.name(), row);
    }
    if (whole) add(AnnotationRows.page(leaf), page.bytes());
  }

  /** How many annotations were parsed as they were read. */
  public long parsed() {
    return parsed.get();
  }

  /** Writes what is left; called once the import's tree is built. */
  public synchronized void finish() {
    index.write(batch);
    batch = new KvBatch();
    waiting.clear();
  }

  private synchronized void add(byte[] key, byte[] row) {
    batch.put(Table.ANNOTATIONS, key, row);
    if (batch.size() >= BATCH) {
      index.write(batch);
      batch = new KvBatch();
    }
  }
}
