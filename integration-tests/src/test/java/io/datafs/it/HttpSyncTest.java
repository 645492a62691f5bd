package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.bench.CountingProxy;
import io.datafs.core.remote.http.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder remote that a home pushed to, served by Debian's nginx on loopback, used by homes that know only its
 * {@code http://} URL: {@code datasets}, {@code log}, {@code ls --remote}, {@code pull}, a lazy mount read through FUSE
 * (requests and bytes counted by a proxy in front of nginx), the file table of a version pulled without content; a
 * push is refused and a writable mount commits here. The same reads again through an nginx that ignores Range
 * ({@code max_ranges 0}). One push and two servers for the class.
 */
class HttpSyncTest {
  static final int SMALL_FILES = 40;
  static final int SMALL_SIZE = 100_000;
  @TempDir static Path shared;
  static Path v2;
  static Path served;
  static Nginx ranged;
  static Nginx rangeless;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @BeforeAll
  static void pushAndServe() throws Exception {
    Path src = Trees.sample(shared.resolve("src"));
    for (int i = 0; i < SMALL_FILES; i++) {
      Trees.write(src.resolve("many/" + String.format("%03d.bin", i)), Trees.random(1000 + i, SMALL_SIZE));
    }
    served = Files.createDirectories(shared.resolve("www/registry"));
    Datafs writer = new Datafs(shared.resolve("writer"));
    try {
      writer.ok("remote", "add", "origin", served.toString());
      writer.ok("import", src.toString(), "cats", "-m", "first");
      writer.ok("tag", "cats@v1", "first");
      Trees.write(src.resolve("many/added.bin"), Trees.random(7, SMALL_SIZE));
      writer.ok("import", src.toString(), "cats", "-m", "second");
      writer.ok("dataset", "set", "cats", "--description", "cat pictures", "--meta", "owner=vision");
      writer.ok("push");
    } finally {
      writer.stopDaemon();
    }
    v2 = src;
    ranged = Nginx.serve(shared.resolve("www"), shared.resolve("nginx"), false);
    rangeless = Nginx.serve(shared.resolve("www"), shared.resolve("nginx-no-range"), true);
  }

  @AfterAll
  static void stopServers() {
    if (ranged != null) ranged.close();
    if (rangeless != null) rangeless.close();
  }

  @Test
  void listPullMountAndTableOverHttpWhilePushIsRefused() throws Exception {
    Fuse.require();
    try (CountingProxy proxy = new CountingProxy(ranged.port())) {
      String url = proxy.endpoint() + "/registry";
      Datafs reader = home("reader", url);
      String datasets = reader.ok("datasets", "--remote").stdout();
      assertTrue(datasets.startsWith("cats ") && datasets.contains("cat pictures"), datasets);
      // its own metadata is listed by listings/datasets.txt: found by a query with no store
      String owned = reader.ok("datasets", url, "--where", "owner == 'vision'").stdout();
      assertTrue(owned.startsWith("cats ") && owned.contains("cat pictures"), owned);
      assertEquals("", reader.ok("datasets", url, "--where", "owner == 'audio'").stdout());
      assertTrue(reader.ok("log", "cats", "--remote").stdout().contains("first  (first)"));
      String listedThere = reader.ok("ls", "-R", "-l", "cats@v2", "--remote").stdout();
      assertEquals("", reader.ok("datasets").stdout(), "listing a remote pulls nothing");

      // a fresh home mounts lazily: one small file is one ranged GET of about its size
      Datafs lazy = home("lazy", url);
      Path mnt = Files.createDirectories(tmp.resolve("mnt"));
      String fetched = lazy.ok("mount", "cats", mnt.toString()).stdout();
      assertTrue(fetched.startsWith("fetched the metadata of cats"), fetched);
      try (var listed = Files.list(mnt.resolve("many"))) { // the directory's pages, lazily: a directory at a time
        assertTrue(listed.count() > 0);
      }
      proxy.reset();
      assertArrayEquals(Files.readAllBytes(v2.resolve("many/007.bin")),
          Files.readAllBytes(mnt.resolve("many/007.bin")));
      assertTrue(proxy.requests() >= 1 && proxy.requests() <= 2, proxy.requests() + " requests for one file");
      assertTrue(proxy.bytesDown() < 2 * SMALL_SIZE, proxy.bytesDown() + " bytes on the wire for one file");
      Trees.assertSameTree(v2, mnt);
      lazy.ok("umount", mnt.toString());

      // the table needs no content: the lazy home has only metadata
      JsonNode table = lazy.ok("table", "cats", "--format", "json").json();
      assertEquals(SMALL_FILES + 1 + 56, table.size(), "a row per regular file");
      for (JsonNode row : table) {
        long added = row.get("path").asText().equals("many/added.bin") ? 2 : 1;
        assertEquals(added, row.get("addedIn").asLong(), row.toString());
      }

      reader.ok("pull", "cats@v1");
      reader.ok("pull", "cats");
      assertEquals(listedThere, reader.ok("ls", "-R", "-l", "cats@v2").stdout());
      assertTrue(reader.ok("verify").stdout().contains("ok"), "every object pulled over http checks");

      // nothing can be written there: a push says so, and leaves the served folder as it was
      SortedMap<String, Long> before = files(served);
      Path other = Trees.write(tmp.resolve("dogs/x.txt"), "x".getBytes());
      reader.ok("import", other.getParent().toString(), "dogs");
      String refused = reader.fails(1, "push");
      assertEquals("datafs: remote " + url + " is read-only: push to the folder, S3 or Azure remote it is served from",
          refused);
      assertEquals(before, files(served));

      // a writable mount of a version fetched from it commits in this store
      Datafs editor = home("editor", url);
      Path rw = Files.createDirectories(tmp.resolve("rw"));
      String mounted = editor.ok("mount", "cats", rw.toString(), "--writable").stdout();
      assertTrue(mounted.contains("commits stay in this store (" + url + " is read-only)"), mounted);
      Files.writeString(rw.resolve("new.txt"), "new\n");
      String committed = editor.ok("commit", rw.toString(), "-m", "local").stdout();
      assertTrue(committed.startsWith("committed cats@v3"), committed);
      editor.ok("umount", rw.toString());
      assertEquals(before, files(served));
    }
  }

  @Test
  void aServerThatIgnoresRangeServesPullAndLazyMountAlike() throws Exception {
    Fuse.require();
    String url = rangeless.url() + "/registry";
    Datafs lazy = home("lazy", url);
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    lazy.ok("mount", "cats@v2", mnt.toString());
    Trees.assertSameTree(v2, mnt);
    lazy.ok("umount", mnt.toString());
    Datafs puller = home("puller", url);
    puller.ok("pull", "cats@first");
    assertTrue(puller.ok("verify").stdout().contains("ok"));
    assertFalse(rangeless.accessLog().stream().anyMatch(l -> l.startsWith("206 ")), "the server sent no range");
  }

  private Datafs home(String name, String url) {
    Datafs d = homes.at(tmp.resolve(name));
    d.ok("remote", "add", "web", url);
    return d;
  }

  /** Every file under the folder, with its size. */
  private static SortedMap<String, Long> files(Path root) throws Exception {
    SortedMap<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) out.put(root.relativize(p).toString(), Files.size(p));
    }
    return out;
  }
}
