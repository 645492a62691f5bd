package io.datafs.core.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.store.FileContent;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotations parsed once, so a query never reads and parses every annotation again. Table {@code annotations}
 * holds two kinds of rows ({@link AnnotationRows}): by content id, each annotation's row ({@code 'J'} and its compact
 * JSON, or {@code 'X'} and why it is not valid JSON), which an annotation shared by many objects, versions or datasets
 * needs once; and by tree page, the rows of all the {@code .json} files of one leaf page of a directory, so a walk in
 * path order reads a page of annotations at a time (a row per content id is a random read per object: at a million
 * annotations those reads were four fifths of a query's time). Pages are shared by versions, so a new version costs
 * rows for its new pages only. Both are a cache of the packs: a missing row is made when asked for, so a version
 * indexed by nobody (pulled without its content, imported with indexing off, made by an older datafs) is indexed by
 * its first query.
 */
public final class AnnotationIndex {
  private static final System.Logger LOG = System.getLogger("datafs.annotations");
  /** The largest annotation parsed; a larger one is reported as invalid. */
  public static final long MAX_BYTES = 16L << 20;
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** An annotation as parsed: its JSON, or (json null) why it is not valid JSON. */
  public record Annotation(JsonNode json, String invalid) {
    public boolean valid() {
      return json != null;
    }
  }

  /** An annotation that is not valid JSON, where it is. */
  public record Invalid(String path, String why) {}

  /** What indexing a new version did: annotations parsed (not found indexed already), and the invalid ones. */
  public record Report(long parsed, List<Invalid> invalid) {
    public static final Report NONE = new Report(0, List.of());
  }

  private final KvStore kv;
  private final FileContent content;

  public AnnotationIndex(KvStore kv, FileContent content) {
    this.kv = kv;
    this.content = content;
  }

  /** Indexing as an import reads annotations, for one import. */
  public AnnotationIngest ingest() {
    return new AnnotationIngest(this);
  }

  /** A reader for one walk (not thread-safe): it keeps the last pages of rows it read. */
  public AnnotationReader reader(PageStore pages) {
    return new AnnotationReader(this, pages);
  }

  /**
   * Indexes the annotations version {@code v} changed (entries whose {@code changedIn} is its number; directories
   * that did not change are not entered), reading only those not indexed yet. Those of earlier versions were indexed
   * when they were made, or are filled in when first asked for.
   */
  public Report indexNew(PageStore pages, Version v) {
    return index(pages, v, v.record().number());
  }

  /** Indexes every annotation of {@code v} not indexed yet (a version pulled with its content). */
  public Report indexAll(PageStore pages, Version v) {
    return index(pages, v, 0);
  }

  /**
   * {@link #indexNew} (or with {@code all}, {@link #indexAll}) for a version just published: an index that cannot
   * be written now is logged and filled in by the first query instead, as the version is published either way.
   */
  public Report indexQuietly(PageStore pages, Version v, boolean all) {
    try {
      return all ? indexAll(pages, v) : indexNew(pages, v);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, v.label() + ": annotations not indexed now (" + e.getMessage()
          + "); the first query indexes them");
      return Report.NONE;
    }
  }

  private Report index(PageStore pages, Version v, long number) {
    List<Invalid> invalid = new ArrayList<>();
    AnnotationReader reader = reader(pages);
    ObjectWalker.walk(pages, v.rootId(), "", dir -> dir.changedIn() >= number, o -> {
      if (o.annotation() == null || o.annotation().changedIn() < number) return true;
      byte[] row = reader.row(o);
      if (AnnotationRows.isInvalid(row)) invalid.add(new Invalid(o.annotationPath(), decode(row).invalid()));
      return true;
    });
    reader.flush();
    return new Report(reader.parsed(), invalid);
  }

  /** The row of one annotation by its content id; null when it has none yet. */
  byte[] row(TreeEntry annotation) {
    return kv.get(Table.ANNOTATIONS, AnnotationRows.content(annotation.contentId()));
  }

  /** Reads and parses an annotation now, adding its row to {@code batch}. */
  byte[] parseInto(TreeEntry annotation, KvBatch batch) {
    byte[] row = parse(annotation);
    batch.put(Table.ANNOTATIONS, AnnotationRows.content(annotation.contentId()), row);
    return row;
  }

  byte[] pageRow(ObjectId leaf) {
    return kv.get(Table.ANNOTATIONS, AnnotationRows.page(leaf));
  }

  void write(KvBatch batch) {
    if (!batch.isEmpty()) kv.write(batch);
  }

  private byte[] parse(TreeEntry annotation) {
    if (annotation.size() > MAX_BYTES) {
      return AnnotationRows.invalid("larger than " + (MAX_BYTES >> 20) + " MiB, the most parsed");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) annotation.size());
    try {
      content.copyTo(annotation, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] b = bytes.toByteArray();
    return parse(b, 0, b.length);
  }

  /** An annotation's row from its bytes. */
  byte[] parse(byte[] bytes, int off, int len) {
    try {
      JsonNode json = JSON.readTree(bytes, off, len);
      if (json == null || json.isMissingNode()) return AnnotationRows.invalid("empty");
      return AnnotationRows.valid(JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
      String why = e.getOriginalMessage().lines().findFirst().orElse("not JSON");
      // Jackson names where an unclosed object started with a note on its input source, which says nothing here
      return AnnotationRows.invalid(where + why.replaceAll(" \\(start marker at \\[Source: .*\\]\\)", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An annotation's row as parsed JSON, or why it is not. */
  public static Annotation decode(byte[] row) {
    if (AnnotationRows.isInvalid(row)) {
      return new Annotation(null, new String(row, 1, row.length - 1, StandardCharsets.UTF_8));
    }
    try {
      return new Annotation(JSON.readTree(row, 1, row.length - 1), null);
    } catch (IOException e) {
      throw new UncheckedIOException("an indexed annotation does not parse", e);
    }
  }
}
