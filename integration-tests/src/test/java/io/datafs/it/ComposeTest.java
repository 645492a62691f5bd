package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composing datasets by query over annotations (LDB's model), through the real CLI and real mounts, against a
 * reference computed independently by annotated_dataset.py (python3's json and hand-written checks, which agree with
 * the reference JMESPath implementation). One home serves the class; a second one checks what must not depend on
 * the machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeTest {
  /** Each named query of the reference, as a user types it. */
  static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("eq", "class == \"cats\"");
    QUERIES.put("dogs", "class == \"dogs\"");
    QUERIES.put("bird", "class == \"bird\"");
    QUERIES.put("regex", "class == \"cat.*\"");
    QUERIES.put("ne", "class != \"cat.*\"");
    QUERIES.put("gt", "score > 0.5");
    QUERIES.put("le", "score <= 0.25");
    QUERIES.put("and", "size.w >= 100 AND size.h < 50");
    QUERIES.put("bare", "boxes");
    QUERIES.put("not", "NOT flags");
    QUERIES.put("length", "length(boxes || `[]`) == 2");
    QUERIES.put("object", "size == {{\"w\": 100, \"h\": 40}}");
    QUERIES.put("contains", "classes && contains(classes, 'dogs')");
    QUERIES.put("precedence", "class == \"dogs\" OR score > 0.9 AND NOT boxes");
    QUERIES.put("null", "note == {null}");
    QUERIES.put("ge_int", "score >= 1");
    QUERIES.put("ldb1", "class == \"cats\"");
    QUERIES.put("ldb2", "*.classes[0:1] == {[\"cats\", \"dogs\"]}");
    QUERIES.put("ldb3", "( *.classes[0] != \"cat.*\" ) AND ( length(*.classes) < 5 )");
    QUERIES.put("first_classes", "*.classes[0] == {[\"cats\", \"dogs\"]}");
  }

  @TempDir static Path tmp;
  private Datafs datafs;
  private Path src;
  private JsonNode reference;

  @BeforeAll
  void importAnnotatedDataset() throws Exception {
    src = tmp.resolve("src");
    reference = generate(src, 7, 300);
    datafs = new Datafs(tmp.resolve("home"));
    JsonNode made = datafs.ok("import", src.toString(), "ds", "--json").json();
    assertEquals(strings(reference.get("invalid")), sorted(made.get("invalidAnnotations"), "path"),
        "the import names every annotation that is not JSON");
  }

  @AfterAll
  void stop() {
    if (datafs != null) datafs.stopDaemon();
  }

  @Test
  void everyOperatorAndLdbsExamplesSelectWhatTheReferenceSelects() {
    QUERIES.forEach((name, query) -> {
      List<String> expected = strings(reference.get("selected").get(name));
      assertEquals(expected, datafs.ok("ls", "ds", "--query", query).lines(), name + ": " + query);
      assertEquals(expected.size(), datafs.ok("ls", "ds", "--query", query, "--count", "--json").json()
          .get("count").asInt(), name + " counted");
    });
    assertEquals(strings(reference.get("objects")), datafs.ok("ls", "ds", "--glob", "**").lines(),
        "every data object: annotations are not objects, a lone .json is");
  }

  @Test
  void filtersPipelineInTheOrderGiven() {
    List<String> expected = new ArrayList<>();
    for (String p : strings(reference.get("selected").get("regex"))) {
      if (p.startsWith("train/") && p.endsWith(".jpg") && Files.isRegularFile(src.resolve(p))
          && size(src.resolve(p)) > 2048) {
        expected.add(p);
      }
    }
    assertEquals(expected, datafs.ok("ls", "ds", "--glob", "train/**/*.jpg", "--file", "SIZE > 2K",
        "--query", "class == \"cat.*\"").lines());
    JsonNode rows = datafs.ok("ls", "ds", "--query", "class == \"cats\"", "-l", "--json").json();
    JsonNode first = rows.get(0);
    Path data = src.resolve(first.get("path").asText());
    assertEquals(Trees.sha256(data), first.get("sha256").asText());
    String annotation = first.get("annotation").asText();
    assertEquals(Trees.sha256(src.resolve(annotation)), first.get("annotationSha256").asText());
  }

  @Test
  void aComposedVersionMountsAsTheFilesItSelected() throws Exception {
    Set<Path> dataPacks = dataPacks(datafs.home().resolve("packs"));
    JsonNode made = datafs.ok("compose", "cats", "ds", "--query", "class == \"cat.*\"", "-m", "cats only",
        "--json").json();
    assertEquals(0, made.get("chunksAdded").asLong(), "no chunk copied");
    assertEquals(dataPacks, dataPacks(datafs.home().resolve("packs")), "only metadata packs added");
    Path expected = tmp.resolve("expected-cats");
    for (String p : strings(reference.get("selected").get("regex"))) {
      copy(p, expected);
      copy(annotationOf(p), expected);
    }

    Path mnt = Files.createDirectories(tmp.resolve("mnt-cats"));
    datafs.ok("mount", "cats", mnt.toString());
    try {
      assertEquals("", bash("diff -r " + expected + " " + mnt));
    } finally {
      datafs.ok("umount", mnt.toString());
    }
    JsonNode shown = datafs.ok("show", "cats", "--json").json().get("composed");
    assertEquals(datafs.ok("show", "ds", "--json").json().get("id"), shown.get("sources").get(0).get("id"));
    assertEquals("--query class == \"cat.*\"", shown.get("filters").get(0).asText());
    assertTrue(datafs.ok("log", "cats").stdout().contains("[composed]"));
  }

  @Test
  void sampleAndLimitAreTheSameOnAnyMachineAndInAnySourceOrder() throws Exception {
    Path other = tmp.resolve("other");
    generate(other, 11, 120);
    datafs.ok("import", other.toString(), "other");
    Datafs second = new Datafs(tmp.resolve("home2"));
    try {
      second.ok("import", other.toString(), "other");
      second.ok("import", src.toString(), "ds");
      String[] filter = {"--query", "score > 0.2", "--sample", "0.4", "--seed", "42", "--prefix-source"};
      datafs.ok(concat(new String[] {"compose", "s", "ds", "other"}, filter));
      second.ok(concat(new String[] {"compose", "s", "other", "ds"}, filter));
      List<String> here = datafs.ok("ls", "s", "-R", "-l").lines();
      assertEquals(here, second.ok("ls", "s", "-R", "-l").lines(), "same objects, ids and metadata");
      int kept = Integer.parseInt(datafs.ok("ls", "s", "--count").stdout().strip());
      int of = datafs.ok("ls", "ds", "--query", "score > 0.2").lines().size()
          + datafs.ok("ls", "other", "--query", "score > 0.2").lines().size();
      assertTrue(kept > of / 5 && kept < of * 3 / 5, kept + " of " + of + " kept at 0.4");

      datafs.ok("compose", "few", "ds", "--query", "score > 0.2", "--limit", "5");
      List<String> firstFive = datafs.ok("ls", "ds", "--query", "score > 0.2").lines().subList(0, 5);
      assertEquals(firstFive, datafs.ok("ls", "few", "--glob", "**").lines(), "--limit keeps the first in path order");
    } finally {
      second.stopDaemon();
    }
  }

  @Test
  void badInputIsRefusedInOneLineAndPublishesNothing() {
    String err = datafs.fails(2, "ls", "ds", "--query", "class == ");
    assertTrue(err.contains("column"), err);
    assertTrue(datafs.fails(1, "ls", "ds", "--query", "length(score) > 1").contains(".json"),
        "an evaluation error names the object's annotation");
    long versions = datafs.ok("log", "ds").lines().size();
    datafs.fails(1, "compose", "none", "ds", "--query", "class == \"zebra\"");
    datafs.fails(1, "show", "none");
    datafs.ok("compose", "none", "ds", "--query", "class == \"zebra\"", "--allow-empty");
    datafs.fails(1, "compose", "bad", "ds", "--sample", "0");
    datafs.fails(1, "compose", "bad", "ds", "--sample", "1.5");
    datafs.fails(1, "compose", "bad", "nosuch@v3");
    datafs.fails(1, "label", "ds", "not/ok");
    datafs.fails(1, "show", "bad");
    assertEquals(versions, datafs.ok("log", "ds").lines().size());
  }

  @Test
  void twoSourcesWithDifferentContentAtOnePathNeedPrefixes() throws Exception {
    Path changed = tmp.resolve("changed");
    bash("cp -r " + src + " " + changed + " && echo changed >> " + changed + "/train/1/img_1.jpg");
    datafs.ok("import", changed.toString(), "changed");
    String err = datafs.fails(1, "compose", "both", "ds", "changed", "--glob", "train/1/*");
    assertTrue(err.contains("train/1/img_1.jpg"), err);
    datafs.ok("compose", "both", "ds", "changed", "--glob", "train/1/*", "--prefix-source");
    assertTrue(datafs.ok("ls", "both", "--glob", "changed/train/1/img_1.jpg").lines().size() == 1);
  }

  @Test
  void labelsFollowTheContentIntoComposedVersions() {
    List<String> good = strings(reference.get("selected").get("gt"));
    datafs.ok("label", "ds", "good", "--query", "score > 0.5");
    assertEquals(good, datafs.ok("ls", "ds", "--label", "good").lines());
    datafs.ok("compose", "labelled", "ds", "--glob", "val/**");
    List<String> inVal = good.stream().filter(p -> p.startsWith("val/")).toList();
    assertEquals(inVal, datafs.ok("ls", "labelled", "--label", "good").lines(), "inherited by content");
    datafs.ok("label", "ds", "good", "--remove", "--glob", "val/**");
    assertEquals(List.of(), datafs.ok("ls", "labelled", "--label", "good").lines());
    assertTrue(datafs.ok("ls", "ds", "train/1", "-l", "--labels").stdout().contains("[good]")
        == good.stream().anyMatch(p -> p.startsWith("train/1/")));
  }

  @Test
  void exportWritesTheSelectedObjectsOrTheirAnnotations() throws Exception {
    Path out = tmp.resolve("exported");
    datafs.ok("export", "ds", out.toString(), "--query", "score > 0.5");
    Path expected = tmp.resolve("expected-gt");
    Path annotationsOnly = tmp.resolve("expected-gt-annotations");
    for (String p : strings(reference.get("selected").get("gt"))) {
      copy(p, expected);
      copy(annotationOf(p), expected);
      copy(annotationOf(p), annotationsOnly);
    }
    assertEquals("", bash("diff -r " + expected + " " + out));
    Path annotations = tmp.resolve("exported-annotations");
    datafs.ok("export", "ds", annotations.toString(), "--query", "score > 0.5", "--annotations-only");
    assertEquals("", bash("diff -r " + annotationsOnly + " " + annotations));
  }

  @Test
  void pushOfAComposedVersionUploadsNoDataAndLabelsTravel() throws Exception {
    Path remote = Files.createDirectories(tmp.resolve("remote"));
    datafs.ok("remote", "add", "origin", remote.toString());
    datafs.ok("push", "ds");
    datafs.ok("compose", "birds", "ds", "--query", "class == \"bird\"");
    datafs.ok("label", "birds", "pushed");
    Set<Path> before = dataPacks(remote.resolve("packs"));
    datafs.ok("push", "birds");
    assertEquals(before, dataPacks(remote.resolve("packs")), "no data pack uploaded");

    Datafs fresh = new Datafs(tmp.resolve("home3"));
    try {
      fresh.ok("remote", "add", "origin", remote.toString());
      // a source only the remote has: its records and trees are fetched, and the annotations the query reads
      fresh.ok("compose", "cats-here", "ds", "--query", "class == \"cats\"");
      assertEquals(strings(reference.get("selected").get("eq")), fresh.ok("ls", "cats-here", "--glob", "**").lines());
      fresh.ok("pull", "birds");
      assertEquals(datafs.ok("ls", "birds", "--glob", "**").lines(), fresh.ok("ls", "birds", "--label", "pushed")
          .lines(), "labels came with the pull");
    } finally {
      fresh.stopDaemon();
    }
  }

  @Test
  void addAndDelStageObjectsInAWritableMountForCommit() throws Exception {
    datafs.ok("compose", "work", "ds", "--query", "class == \"dogs\"");
    Path mnt = Files.createDirectories(tmp.resolve("mnt-work"));
    datafs.ok("mount", "work", mnt.toString(), "--writable");
    try {
      datafs.ok("add", mnt.toString(), "ds", "--query", "class == \"bird\"");
      List<String> birds = strings(reference.get("selected").get("bird"));
      String status = datafs.ok("status", mnt.toString()).stdout();
      for (String p : birds) {
        assertTrue(status.contains("A  " + p + "\n") && status.contains("A  " + annotationOf(p) + "\n"), p);
      }
      assertEquals("0", bash("find " + datafs.home().resolve("overlays") + " -type f -path '*/data/*' | wc -l"),
          "metadata only: no data file staged");
      assertEquals(Trees.sha256(src.resolve(birds.get(0))), Trees.sha256(mnt.resolve(birds.get(0))));

      datafs.ok("del", mnt.toString(), "--query", "score > 0.5");
      datafs.fails(2, "del", mnt.toString());
      datafs.fails(1, "add", tmp.toString(), "ds");
      datafs.ok("commit", mnt.toString(), "-m", "dogs and birds, the less sure ones");
    } finally {
      datafs.ok("umount", mnt.toString());
    }
    TreeSet<String> expected = new TreeSet<>(strings(reference.get("selected").get("dogs")));
    expected.addAll(strings(reference.get("selected").get("bird")));
    expected.removeAll(strings(reference.get("selected").get("gt")));
    List<String> listed = datafs.ok("ls", "work", "--glob", "**").lines();
    assertEquals(new ArrayList<>(expected), new ArrayList<>(new TreeSet<>(listed)));
  }

  // ---- helpers

  /** The data packs under a folder of packs (a store's or a folder remote's): a pack's tenth byte is its kind. */
  private static Set<Path> dataPacks(Path packs) throws Exception {
    Set<Path> out = new TreeSet<>();
    try (var files = Files.walk(packs)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          byte[] header = in.readNBytes(10);
          if (header.length == 10 && new String(header, 0, 7).equals("DFSPACK") && header[9] == 1) out.add(p);
        }
      }
    }
    return out;
  }

  private JsonNode generate(Path dir, int seed, int count) throws Exception {
    Path script = tmp.resolve("annotated_dataset.py");
    if (!Files.exists(script)) {
      try (InputStream in = getClass().getResourceAsStream("/python/annotated_dataset.py")) {
        Files.copy(in, script);
      }
    }
    Process p = new ProcessBuilder(PythonClientsTest.PYTHON, script.toString(), dir.toString(),
        Integer.toString(seed), Integer.toString(count)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), "annotated_dataset.py");
    return new ObjectMapper().readTree(out);
  }

  /** Copies src/PATH to DIR/PATH; returns its size. */
  private long copy(String path, Path dir) throws Exception {
    Path to = dir.resolve(path);
    Files.createDirectories(to.getParent());
    Files.copy(src.resolve(path), to, StandardCopyOption.COPY_ATTRIBUTES);
    return Files.size(to);
  }

  private static String annotationOf(String dataPath) {
    return dataPath.substring(0, dataPath.lastIndexOf('.')) + ".json";
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> sorted(JsonNode array, String field) {
    Collection<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return new ArrayList<>(out);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String bash(String script) {
    Trees.Shell r = Trees.sh("bash", "-c", "set -e -o pipefail; " + script);
    assertEquals(0, r.exit(), script + ": " + r.out());
    return r.out().strip();
  }
}
