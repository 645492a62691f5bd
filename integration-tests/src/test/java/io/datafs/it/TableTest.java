package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datafs table} with the real launcher: every row agrees with {@code ls -l -R --json} and with
 * {@code sha256sum} of an export; "added in" across a delete and re-add and a directory turned into a file; the
 * annotation column; CSV (parsed as RFC 4180) and JSON lines give the same rows; {@code -o} writes whole files; bad
 * input is one line.
 */
class TableTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void rowsAgreeWithLsAndWithSha256sumOfAnExport() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Trees.write(src.resolve("img/cat.jpg"), Trees.random(3, 3000));
    Trees.write(src.resolve("img/cat.json"), "{\"class\": \"cat\"}".getBytes(StandardCharsets.UTF_8));
    Trees.write(src.resolve("odd, \"quoted\"\nname.txt"), "odd".getBytes(StandardCharsets.UTF_8));
    Trees.write(src.resolve("gone.txt"), "1".getBytes(StandardCharsets.UTF_8));
    Datafs d = homes.at(tmp.resolve("home"));
    d.ok("import", src.toString(), "cats");
    Files.delete(src.resolve("gone.txt"));
    Trees.write(src.resolve("empty-dir/now-a-file-below"), "2".getBytes(StandardCharsets.UTF_8));
    d.ok("import", src.toString(), "cats");
    Trees.write(src.resolve("gone.txt"), "1".getBytes(StandardCharsets.UTF_8)); // the same content, back again
    Trees.write(src.resolve("img/cat.jpg"), Trees.random(4, 3000));
    d.ok("import", src.toString(), "cats");

    JsonNode table = d.ok("table", "cats", "--format", "json").json();
    Map<String, JsonNode> ls = new LinkedHashMap<>();
    for (JsonNode e : d.ok("ls", "-l", "-R", "cats", "--json").json()) {
      if (e.get("type").asText().equals("file")) ls.put(e.get("path").asText(), e);
    }
    assertEquals(new ArrayList<>(ls.keySet()), paths(table), "a row per file, in the order ls lists them");
    Path export = tmp.resolve("export");
    d.ok("export", "cats", export.toString());
    for (JsonNode row : table) {
      String path = row.get("path").asText();
      JsonNode e = ls.get(path);
      for (String column : List.of("size", "sha256", "mode", "mtime", "changedIn")) {
        assertEquals(e.get(column), row.get(column), path + ": " + column);
      }
      assertEquals(Trees.sha256(export.resolve(path)), row.get("sha256").asText(), path + " against sha256sum");
    }
    Map<String, JsonNode> byPath = new LinkedHashMap<>();
    table.forEach(r -> byPath.put(r.get("path").asText(), r));
    assertEquals(3, byPath.get("gone.txt").get("addedIn").asLong(), "deleted in v2, added again in v3");
    assertEquals(3, byPath.get("gone.txt").get("changedIn").asLong());
    assertEquals(2, byPath.get("empty-dir/now-a-file-below").get("addedIn").asLong());
    assertEquals(1, byPath.get("img/cat.jpg").get("addedIn").asLong(), "changed in v3, there since v1");
    assertEquals(3, byPath.get("img/cat.jpg").get("changedIn").asLong());
    assertEquals(Trees.sha256(src.resolve("img/cat.json")), byPath.get("img/cat.jpg").get("annotationSha256").asText());
    assertTrue(byPath.get("img/cat.json").get("annotationSha256").isNull(), "an annotation has none itself");

    // CSV and JSON lines hold the same rows
    List<Map<String, String>> csv = parseCsv(d.ok("table", "cats@v3").stdout());
    List<String> jsonl = d.ok("table", "cats@v3", "--format", "jsonl").lines();
    assertEquals(table.size(), csv.size());
    assertEquals(table.size(), jsonl.size());
    for (int i = 0; i < table.size(); i++) {
      JsonNode row = table.get(i);
      assertEquals(row, new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsonl.get(i)));
      for (var field : csv.get(i).entrySet()) {
        JsonNode v = row.get(field.getKey());
        assertEquals(v.isNull() ? "" : v.asText(), field.getValue(), "row " + i + " " + field.getKey());
      }
    }
    assertEquals("odd, \"quoted\"\nname.txt", csv.get(paths(table).indexOf("odd, \"quoted\"\nname.txt")).get("path"));

    // -o: the whole table or nothing; the earlier version's table is its own
    Path out = tmp.resolve("tables/v1.csv");
    Files.createDirectories(out.getParent());
    assertEquals("wrote the table of cats@v1 to " + out,
        d.ok("table", "cats@v1", "-o", out.toString()).stdout().strip());
    List<Map<String, String>> v1 = parseCsv(Files.readString(out));
    assertTrue(v1.stream().anyMatch(r -> r.get("path").equals("gone.txt")));
    assertTrue(v1.stream().allMatch(r -> r.get("addedIn").equals("1")));
    try (var s = Files.list(out.getParent())) {
      assertEquals(List.of(out), s.toList(), "no temporary file left");
    }

    assertTrue(d.fails(1, "table", "cats@v9").contains("no version v9"));
    assertTrue(d.fails(1, "table", "dogs").contains("no dataset named 'dogs'"));
    assertEquals("datafs: cannot write the table to " + tmp.resolve("no/t.csv") + ": no directory " + tmp.resolve("no"),
        d.fails(1, "table", "cats", "-o", tmp.resolve("no/t.csv").toString()));
    assertFalse(Files.exists(tmp.resolve("no")));
    assertTrue(d.fails(2, "table", "cats", "--format", "xml").contains("expected one of [csv, json, jsonl]"));
  }

  private static List<String> paths(JsonNode table) {
    List<String> out = new ArrayList<>();
    table.forEach(r -> out.add(r.get("path").asText()));
    return out;
  }

  /** RFC 4180, as a reader of the file would parse it: quoted fields may hold commas, quotes (doubled) and newlines. */
  private static List<Map<String, String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    assertTrue(record.isEmpty() && field.length() == 0, "the last record ends with CRLF");
    List<String> header = records.get(0);
    assertEquals(List.of("path", "size", "sha256", "mode", "mtime", "changedIn", "addedIn", "annotationSha256"),
        header);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) m.put(header.get(i), r.get(i));
      rows.add(m);
    }
    return rows;
  }
}
