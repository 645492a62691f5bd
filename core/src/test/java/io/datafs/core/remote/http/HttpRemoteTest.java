package io.datafs.core.remote.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteReadOnlyException;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteListing;
import io.datafs.core.version.DatasetName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The read contract over nginx with ranges; and what only a read-only remote does: refuse writes, read listings. */
class HttpRemoteTest extends HttpContract {
  @TempDir static Path dir;
  private static Nginx nginx;

  @BeforeAll
  static void start() throws Exception {
    nginx = Nginx.serve(Files.createDirectories(dir.resolve("www")), dir.resolve("nginx"), false);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) nginx.close();
  }

  @Override
  protected Nginx nginx() {
    return nginx;
  }

  @Override
  protected Path served() {
    return dir.resolve("www");
  }

  @Test
  void everyWriteIsRefusedInOneLineNamingTheRemote() {
    RemoteKey k = key("versions/cats/1.json");
    for (Executable write : List.<Executable>of(() -> remote().put(k, new byte[] {1}),
        () -> remote().put(k, tmp.resolve("any")), () -> remote().create(k, new byte[] {1}),
        () -> remote().delete(k))) {
      RemoteReadOnlyException e = assertThrows(RemoteReadOnlyException.class, write::execute);
      assertTrue(e.getMessage().startsWith("remote " + remote().url() + " is read-only"), e.getMessage());
      assertOneLineWithoutSecrets(e);
    }
  }

  @Test
  void listingsAreRequiredCheckedAndOnlyTheirAreasList() {
    writer().put(RemoteLayout.FORMAT, "{}".getBytes(UTF_8));
    DatafsException none = assertThrows(DatafsException.class, () -> remote().list(RemoteLayout.VERSIONS));
    assertTrue(none.getMessage().contains("has no listings/versions.txt: it was pushed to by a datafs that writes no "
        + "listings"), none.getMessage());
    DatafsException packs = assertThrows(DatafsException.class, () -> remote().list(RemoteLayout.PACKS));
    assertTrue(packs.getMessage().contains("cannot list 'packs/': a web server lists nothing"), packs.getMessage());

    RemoteKey versions = RemoteListing.key(RemoteLayout.VERSIONS);
    writer().put(versions, (RemoteListing.HEADER + "\nversions/cats/2.json\nversions/cats/10.json\n").getBytes(UTF_8));
    CorruptObjectException order = assertThrows(CorruptObjectException.class,
        () -> remote().list(RemoteLayout.VERSIONS));
    assertEquals("remote " + remote().url() + " is damaged: listings/versions.txt line 3: versions/cats/10.json"
        + " is out of order", order.getMessage());
    writer().put(versions, (RemoteListing.HEADER + "\ntags/cats/x.json\n").getBytes(UTF_8));
    assertTrue(assertThrows(CorruptObjectException.class, () -> remote().list(RemoteLayout.VERSIONS)).getMessage()
        .endsWith("listings/versions.txt line 2: tags/cats/x.json is not under versions/"));

    // a listing that changed is read again (its ETag no longer matches); one that did not is not sent again
    writer().create(RemoteLayout.version(new DatasetName("cats"), 1), new byte[] {1});
    written();
    assertEquals(List.of(key("versions/cats/1.json")), remote().list("versions/cats/"));
    assertEquals(List.of(key("versions/cats/1.json")), remote().list("versions/"));
    assertArrayEquals(RemoteListing.encode(RemoteLayout.VERSIONS, List.of(key("versions/cats/1.json"))),
        remote().get(versions));
  }
}
