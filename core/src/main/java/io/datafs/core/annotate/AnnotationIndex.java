package io.datafs.core.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * Annotations parsed once, kept by content id (table {@code annotations}: id -> {@code 'J'} and the compact JSON, or
 * {@code 'X'} and why it is not valid JSON), so a query never reads and parses every annotation again. Since the key
 * is the content, an annotation shared by many objects, versions or datasets is parsed once, and a new version
 * costs only its new annotations. The rows are a cache of the packs: a missing one is filled when asked for, so a
 * version indexed by nobody (pulled without its content, or made by an older datafs) is indexed by its first query.
 */
public final class AnnotationIndex {
  private static final System.Logger LOG = System.getLogger("datafs.annotations");
  /** The largest annotation parsed; a larger one is reported as invalid. */
  public static final long MAX_BYTES = 16L << 20;
  private static final int BATCH = 4096;
  private static final byte VALID = 'J';
  private static final byte INVALID = 'X';
  private static final ObjectMapper JSON = JsonMapper.builder()
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

  /** The parsed annotation; one not indexed yet is read (fetched if remote), parsed and indexed now. */
  public Annotation get(TreeEntry annotation) {
    byte[] row = kv.get(Table.ANNOTATIONS, annotation.contentId().toBytes());
    if (row != null) return decode(row);
    byte[] parsed = parse(annotation);
    kv.write(new KvBatch().put(Table.ANNOTATIONS, annotation.contentId().toBytes(), parsed));
    return decode(parsed);
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
    long[] parsed = {0};
    KvBatch[] batch = {new KvBatch()};
    ObjectWalker.walk(pages, v.rootId(), "", dir -> dir.changedIn() >= number, o -> {
      TreeEntry a = o.annotation();
      if (a == null || a.changedIn() < number) return true;
      byte[] key = a.contentId().toBytes();
      byte[] row = kv.get(Table.ANNOTATIONS, key);
      if (row == null) {
        row = parse(a);
        batch[0].put(Table.ANNOTATIONS, key, row);
        parsed[0]++;
        if (batch[0].size() >= BATCH) {
          kv.write(batch[0]);
          batch[0] = new KvBatch();
        }
      }
      if (row[0] == INVALID) invalid.add(new Invalid(o.annotationPath(), decode(row).invalid()));
      return true;
    });
    if (!batch[0].isEmpty()) kv.write(batch[0]);
    return new Report(parsed[0], invalid);
  }

  private byte[] parse(TreeEntry annotation) {
    if (annotation.size() > MAX_BYTES) return invalid("larger than " + (MAX_BYTES >> 20) + " MiB, the most parsed");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) annotation.size());
    try {
      content.copyTo(annotation, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      JsonNode json = JSON.readTree(bytes.toByteArray());
      if (json == null || json.isMissingNode()) return invalid("empty");
      byte[] compact = JSON.writeValueAsBytes(json);
      byte[] row = new byte[compact.length + 1];
      row[0] = VALID;
      System.arraycopy(compact, 0, row, 1, compact.length);
      return row;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
      return invalid(where + e.getOriginalMessage().lines().findFirst().orElse("not JSON"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] invalid(String why) {
    byte[] text = why.getBytes(StandardCharsets.UTF_8);
    byte[] row = new byte[text.length + 1];
    row[0] = INVALID;
    System.arraycopy(text, 0, row, 1, text.length);
    return row;
  }

  private static Annotation decode(byte[] row) {
    if (row[0] == INVALID) return new Annotation(null, new String(row, 1, row.length - 1, StandardCharsets.UTF_8));
    try {
      return new Annotation(JSON.readTree(row, 1, row.length - 1), null);
    } catch (IOException e) {
      throw new UncheckedIOException("an indexed annotation does not parse", e);
    }
  }
}
