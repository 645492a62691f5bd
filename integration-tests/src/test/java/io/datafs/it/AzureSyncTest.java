package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.remote.azure.Azurite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * push, pull and a lazy mount through a real Azure Blob service (Azurite, started by the test; a missing one fails
 * unless DATAFS_SKIP_AZURE_TESTS=1), with the real launcher.
 */
class AzureSyncTest {
  static final String CONTAINER = "registry";
  private static Azurite azurite;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @BeforeAll
  static void startAzurite() throws Exception {
    azurite = Azurite.shared(CONTAINER);
  }

  private Datafs home(String name, String key) {
    return homes.at(tmp.resolve(name)).withEnv("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString(key));
  }

  @Test
  void aRoundTripAndALazyMountThroughAzureBlob() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs a = home("a", Azurite.KEY);
    a.ok("remote", "add", "origin", "az://" + CONTAINER + "/datasets");
    a.ok("import", src.toString(), "cats", "--bump", "minor");
    a.ok("dataset", "set", "cats", "--description", "cat pictures", "--meta", "owner=vision");
    assertTrue(a.ok("push").stdout().startsWith("pushed cats@v1 to origin (az://" + CONTAINER + "/datasets): 3 packs"));
    assertTrue(a.ok("push").stdout().startsWith("everything is up to date"));

    Datafs b = home("b", Azurite.KEY);
    b.ok("remote", "add", "origin", "az://" + CONTAINER + "/datasets");
    assertTrue(b.ok("datasets", "--remote").stdout().startsWith("cats "));
    b.ok("pull", "cats");
    // the dataset's own metadata and its semantic version travel with it
    assertEquals(a.ok("dataset", "show", "cats", "--json").json(), b.ok("dataset", "show", "cats", "--json").json());
    assertTrue(b.ok("log", "cats").stdout().contains("0.1.0"), "the semver column");
    assertEquals(b.ok("show", "cats@v1", "--json").json().get("id"),
        b.ok("show", "cats@^0.1", "--json").json().get("id"));
    Path out = tmp.resolve("out");
    b.ok("export", "cats", out.toString());
    Trees.assertSameTree(src, out);

    Fuse.require();
    Datafs c = home("c", Azurite.KEY);
    c.ok("remote", "add", "origin", "az://" + CONTAINER + "/datasets");
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    assertTrue(c.ok("mount", "cats", mnt.toString()).stdout().startsWith("fetched the metadata of cats@v1"));
    Trees.assertSameTree(src, mnt);
  }

  @Test
  void aWrongKeyAndAMissingContainerAreOneClearLine() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs wrong = home("wrong", Base64.getEncoder().encodeToString(new byte[64]));
    wrong.ok("remote", "add", "origin", "az://" + CONTAINER + "/denied");
    wrong.ok("import", src.toString(), "cats");
    String denied = wrong.fails(1, "push");
    assertTrue(denied.startsWith("datafs: access denied to remote az://" + CONTAINER + "/denied"), denied);

    Datafs missing = home("missing", Azurite.KEY);
    missing.ok("remote", "add", "origin", "az://no-such-container");
    missing.ok("import", src.toString(), "cats");
    assertEquals("datafs: container 'no-such-container' does not exist (remote az://no-such-container)",
        missing.fails(1, "push"));
    assertFalse(missing.fails(1, "log", "cats", "--remote").isEmpty());
  }
}
