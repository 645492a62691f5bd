package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two imports into one dataset at once: each gets its own number and neither is lost. */
class ConcurrentImportTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void twoImportsAtOnceBothLand() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    for (int i = 0; i < 40; i++) {
      Trees.write(a.resolve("f" + i), Trees.random(i, 300_000));
      Trees.write(b.resolve("g" + i), Trees.random(1000 + i, 300_000));
    }
    Datafs datafs = homes.at(tmp.resolve("home"));
    datafs.ok("init");
    Datafs.Running first = datafs.start("import", a.toString(), "cats", "-m", "from a");
    Datafs.Running second = datafs.start("import", b.toString(), "cats", "-m", "from b");
    assertEquals(0, first.await().exit());
    assertEquals(0, second.await().exit());

    JsonNode log = datafs.ok("log", "cats", "--json").json();
    assertEquals(2, log.size());
    Set<String> messages = new HashSet<>();
    for (JsonNode v : log) {
      messages.add(v.get("message").asText());
      Path out = tmp.resolve("out-" + v.get("version").asInt());
      datafs.ok("export", "cats@v" + v.get("version").asInt(), out.toString());
      Trees.assertSameTree(v.get("message").asText().equals("from a") ? a : b, out);
    }
    assertEquals(Set.of("from a", "from b"), messages);
    datafs.ok("verify");
  }
}
