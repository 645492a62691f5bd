package io.datafs.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.datafs.core.table.FileTable;
import io.datafs.core.tree.TreeEntry;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes the rows of a file table as they come, in one of three formats: CSV (RFC 4180: a header row, CRLF line ends,
 * fields holding a comma, a quote, CR or LF quoted with quotes doubled), JSON (one array, a row per line) or JSON lines
 * (a row per line, no array). Columns and their JSON types are those of {@code ls -l --json}, plus {@code addedIn} and
 * {@code annotationSha256}: path, size, sha256, mode ("0644"), mtime (ISO-8601, UTC, to the nanosecond), changedIn,
 * addedIn, annotationSha256 (empty in CSV, null in JSON, where the file has no annotation).
 */
public abstract class TableWriter {
  /** The formats {@code datafs table --format} takes. */
  public enum Kind { csv, json, jsonl }

  static final List<String> COLUMNS =
      List.of("path", "size", "sha256", "mode", "mtime", "changedIn", "addedIn", "annotationSha256");

  protected final Writer out;

  private TableWriter(Writer out) {
    this.out = out;
  }

  public static TableWriter of(Kind kind, Writer out) throws IOException {
    return switch (kind) {
      case csv -> new Csv(out);
      case json -> new JsonRows(out, true);
      case jsonl -> new JsonRows(out, false);
    };
  }

  public abstract void row(FileTable.Row row) throws IOException;

  /** Ends the table (a JSON array's bracket) and flushes it. */
  public abstract void finish() throws IOException;

  static String mode(TreeEntry e) {
    return String.format("%04o", e.mode());
  }

  private static final class Csv extends TableWriter {
    Csv(Writer out) throws IOException {
      super(out);
      out.write(String.join(",", COLUMNS));
      out.write("\r\n");
    }

    @Override
    public void row(FileTable.Row r) throws IOException {
      TreeEntry e = r.file();
      out.write(field(r.path()));
      out.write(',');
      out.write(Long.toString(e.size()));
      out.write(',');
      out.write(e.contentId().hex());
      out.write(',');
      out.write(mode(e));
      out.write(',');
      out.write(Format.isoTime(e.mtimeNanos()));
      out.write(',');
      out.write(Long.toString(e.changedIn()));
      out.write(',');
      out.write(Long.toString(r.addedIn()));
      out.write(',');
      if (r.annotation() != null) out.write(r.annotation().hex());
      out.write("\r\n");
    }

    @Override
    public void finish() throws IOException {
      out.flush();
    }

    /** RFC 4180: quoted when it holds a comma, a quote, CR or LF, with each quote doubled. */
    static String field(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == ',' || c == '"' || c == '\r' || c == '\n') return '"' + s.replace("\"", "\"\"") + '"';
      }
      return s;
    }
  }

  private static final class JsonRows extends TableWriter {
    private final JsonGenerator json;
    private final boolean array;
    private boolean first = true;

    JsonRows(Writer out, boolean array) throws IOException {
      super(out);
      this.array = array;
      this.json = new JsonFactory().createGenerator(out);
      json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      json.configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, false);
      json.setRootValueSeparator(null); // the rows' separators are written here
      if (array) out.write("[");
    }

    @Override
    public void row(FileTable.Row r) throws IOException {
      if (array) out.write(first ? "\n" : ",\n");
      first = false;
      TreeEntry e = r.file();
      json.writeStartObject();
      json.writeStringField("path", r.path());
      json.writeNumberField("size", e.size());
      json.writeStringField("sha256", e.contentId().hex());
      json.writeStringField("mode", mode(e));
      json.writeStringField("mtime", Format.isoTime(e.mtimeNanos()));
      json.writeNumberField("changedIn", e.changedIn());
      json.writeNumberField("addedIn", r.addedIn());
      json.writeStringField("annotationSha256", r.annotation() == null ? null : r.annotation().hex());
      json.writeEndObject();
      json.flush(); // the generator buffers; the rows' separators go straight to out
      if (!array) out.write("\n");
    }

    @Override
    public void finish() throws IOException {
      if (array) out.write(first ? "]\n" : "\n]\n");
      out.flush();
    }
  }
}
