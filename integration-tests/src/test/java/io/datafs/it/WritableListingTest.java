package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory listings of a writable mount while its directories change, through real tools: every listing shows
 * exactly the directory's entries, each once, so `cp -r` and `rsync -a` copy all of it. One mount serves the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritableListingTest {
  @TempDir static Path tmp;
  private Datafs datafs;
  private Path mnt;

  @BeforeAll
  void mount() throws Exception {
    Fuse.require();
    Path src = Trees.sample(tmp.resolve("src"));
    datafs = new Datafs(tmp.resolve("home"));
    datafs.ok("import", src.toString(), "ds");
    mnt = Files.createDirectories(tmp.resolve("mnt"));
    datafs.ok("mount", "ds", mnt.toString(), "--writable");
  }

  @AfterAll
  void stop() {
    if (datafs != null) datafs.stopDaemon();
  }

  /** The reproduction: names added before the ones listed, then removed, with ls -f, find, cp -r, rsync. */
  @Test
  void aDirectoryListedThenChangedListsExactlyWhatItHolds() {
    Path t = mnt.resolve("t");
    bash("mkdir " + t + " && cd " + t + " && for i in $(seq 1000 2999); do : > b$i; done");
    assertEquals("2002", bash("ls -f " + t + " | wc -l"));
    bash("cd " + t + " && for i in $(seq 100 199); do : > a$i; done");
    assertEquals("2102", bash("ls -f " + t + " | wc -l"), "names created before the ones listed before");
    assertEquals("2100", bash("find " + t + " -type f | wc -l"));
    bash("rm " + t + "/a10*");
    assertEquals("2092", bash("ls -f " + t + " | wc -l"), "removed names are gone");
    assertEquals("0", bash("ls -f " + t + " | sort | uniq -d | wc -l"), "no name twice");
    assertEquals("2090", bash(PythonClientsTest.PYTHON + " -c 'import os,sys; n=os.listdir(sys.argv[1]);"
        + " print(len(set(n)) if len(n)==len(set(n)) else -1)' " + t));

    Path copy = tmp.resolve("copy");
    Path synced = tmp.resolve("synced");
    bash("cp -r " + t + " " + copy + " && rsync -a " + t + "/ " + synced + "/");
    assertEquals("", bash("diff -r " + t + " " + copy + " && diff -r " + t + " " + synced));
    assertEquals("2090", bash("ls " + copy + " | wc -l"));
  }

  /**
   * Seeded random create/unlink/rename interleaved with readdir, telldir and seekdir, in directories of 1 to 5,000
   * entries, through libc on the mount and on a plain directory: neither may skip or repeat an entry that stays, and
   * both end with the same names.
   */
  @Test
  void randomChangesDuringListingsAgreeWithAPlainDirectory() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Path listed = Files.createDirectories(mnt.resolve("listed"));
    String[] sizes = {"1", "2", "17", "300", "5000"};
    JsonNode onMount = check(listed, sizes);
    JsonNode onPlain = check(plain, sizes);
    assertEquals(List.of(), strings(onPlain.get("violations")), "the plain directory (checks the checker)");
    assertEquals(List.of(), strings(onMount.get("violations")));
    assertEquals(15, onMount.get("listings").asInt());
    assertEquals(onPlain.get("final"), onMount.get("final"));
  }

  private JsonNode check(Path dir, String... sizes) throws Exception {
    Path script = tmp.resolve("listing_check.py");
    if (!Files.exists(script)) {
      try (InputStream in = getClass().getResourceAsStream("/python/listing_check.py")) {
        Files.copy(in, script);
      }
    }
    List<String> cmd = new ArrayList<>(List.of(PythonClientsTest.PYTHON, script.toString(), dir.toString(),
        "20261207"));
    cmd.addAll(List.of(sizes));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), "listing_check.py on " + dir);
    return new ObjectMapper().readTree(out);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String bash(String script) {
    Trees.Shell r = Trees.sh("bash", "-c", "set -e -o pipefail; " + script);
    assertEquals(0, r.exit(), script + ": " + r.out());
    return r.out().strip();
  }
}
