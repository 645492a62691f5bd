package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real Python clients on a real mount: os.walk with hashlib, and a PyTorch DataLoader with 2 workers. */
class PythonClientsTest {
  /** Debian's python3, which has python3-torch; the first python3 on PATH may be another interpreter. */
  static final String PYTHON = "/usr/bin/python3";
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void osWalkAndADataLoaderReadEveryByteRight() throws Exception {
    Fuse.require();
    Path src = tmp.resolve("images");
    Map<String, String[]> expected = new TreeMap<>();
    String[] classes = {"cat", "dog", "ünicode bird"};
    for (int c = 0; c < classes.length; c++) {
      for (int i = 0; i < 40; i++) {
        String rel = classes[c] + "/" + (i % 3 == 0 ? "sub/" : "") + "img_" + i + ".jpg";
        Path f = Trees.write(src.resolve(rel), Trees.random(c * 1000 + i, 20_000 + i * 1_500));
        expected.put(rel, new String[] {String.valueOf(c), Trees.sha256(f)});
      }
    }
    Trees.write(src.resolve("dog/big_tile.raw"), Trees.random(99, 9 << 20));
    expected.put("dog/big_tile.raw", new String[] {"1", Trees.sha256(src.resolve("dog/big_tile.raw"))});

    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "pets");
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "pets@v1", mnt.toString());

    JsonNode walked = python("walk_hash.py", mnt.toString());
    assertEquals(expected.size(), walked.size());
    expected.forEach((rel, v) -> assertEquals(v[1], walked.get(rel).asText(), rel));

    JsonNode loaded = python("torch_loader.py", mnt.toString(), "2");
    assertEquals(expected.size(), loaded.size());
    expected.forEach((rel, v) -> {
      assertEquals(Integer.parseInt(v[0]), loaded.get(rel).get(0).asInt(), rel);
      assertEquals(v[1], loaded.get(rel).get(1).asText(), rel);
    });
  }

  @Test
  void aScriptEditsThroughAWritableMountAndTheCommitHoldsExactlyThat() throws Exception {
    Fuse.require();
    Path src = tmp.resolve("images");
    for (String c : new String[] {"cat", "dog"}) {
      for (int i = 0; i < 12; i++) {
        Trees.write(src.resolve(c + "/" + (i % 3 == 0 ? "sub/" : "") + "img_" + i + ".jpg"),
            Trees.random(i, 10_000 + i));
      }
    }
    Path ref = tmp.resolve("ref");
    assertEquals(0, Trees.sh("cp", "-a", src.toString(), ref.toString()).exit());
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "pets");
    Path rw = Files.createDirectories(tmp.resolve("rw"));
    datafs.ok("mount", "pets", rw.toString(), "--writable");

    python("edit_dataset.py", rw.toString());
    python("edit_dataset.py", ref.toString());
    assertEquals(Workload.describe(ref), Workload.describe(rw));
    String status = datafs.ok("status", rw.toString()).stdout();
    for (String line : new String[] {"A  cat/generated/gen_0.jpg", "M  dog/img_1.jpg", "M  dog/img_4.jpg",
        "D  cat/img_5.jpg", "R  dog/img_7.jpg -> dog/sub/moved.jpg"}) {
      assertTrue(status.contains(line), "status lacks '" + line + "':\n" + status);
    }
    datafs.ok("commit", rw.toString(), "-m", "edited by a script");

    Path ro = Files.createDirectories(tmp.resolve("ro"));
    datafs.ok("mount", "pets@v2", ro.toString());
    assertEquals(Workload.describe(ref), Workload.describe(ro));
    String diff = datafs.ok("diff", "pets@v1", "pets@v2").stdout();
    assertTrue(diff.contains("cat/img_5.jpg") && diff.contains("dog/sub/moved.jpg"), diff);
  }

  private JsonNode python(String script, String... args) throws Exception {
    return python(tmp, script, args);
  }

  /** Runs a script of the test resources' python/ (copied into {@code dir}) with Debian's python3; its JSON output. */
  static JsonNode python(Path dir, String script, String... args) throws Exception {
    Path file = dir.resolve(script);
    if (!Files.exists(file)) {
      try (var in = PythonClientsTest.class.getResourceAsStream("/python/" + script)) {
        Files.copy(in, file);
      }
    }
    String[] cmd = new String[args.length + 2];
    cmd[0] = PYTHON;
    cmd[1] = file.toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), script + " failed");
    return new ObjectMapper().readTree(out);
  }
}
