package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.dataset.MetaCatalog;
import io.datafs.core.dataset.MetaMirror;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.Repository;
import io.datafs.core.store.LocalRecords;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tags an older datafs allowed and this one refuses (hex strings that read as id prefixes, stray dots), in a store or
 * on a remote: listed or skipped with a note, never naming a version by surprise, never stopping a command.
 */
class LegacyTagsTest {
  static final DatasetName CATS = new DatasetName("cats");
  @TempDir Path tmp;
  MemoryKvStore aKv = new MemoryKvStore();
  Repository a;
  Repository b;
  LocalFolderRemote remote;
  RemoteRef ref;
  Path src;

  @BeforeEach
  void open() throws Exception {
    a = Repository.open(tmp.resolve("a"), dir -> aKv);
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    remote = new LocalFolderRemote(url);
    ref = new RemoteRef(url, null);
    src = SyncTrees.sample(tmp.resolve("src"));
    a.importFolder(src, CATS, SyncTest.OPTS, ImportProgress.NONE);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void aStoresOldTagIsListedNamesNothingAndStaysHereOnPush() throws Exception {
    Version v1 = a.resolve("cats");
    SyncTrees.write(src.resolve("a/two.txt"), "two".getBytes());
    Version v2 = a.importFolder(src, CATS, SyncTest.OPTS, ImportProgress.NONE).version();
    String v1Prefix = v1.id().hex().substring(0, 6);
    oldTag(v1Prefix, 2); // as an older datafs let a user tag v2 with v1's id prefix
    oldTag("a..b", 1);
    a.tag(v2, new TagName("good"));

    assertEquals(Map.of(v1Prefix, 2L, "a..b", 1L, "good", 2L), a.tags(CATS), "listed as they are");
    assertEquals(v1.id(), a.resolve("cats@" + v1Prefix).id(), "an id prefix is an id prefix");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> a.resolve("cats@a..b"));
    assertEquals("tag 'a..b' of cats (v1) is no longer valid: use 1 to 128 of A-Z a-z 0-9 _ -, with single dots"
        + " between them; tag v1 again under a valid name", e.getMessage());

    Pusher.Result pushed = a.sync().push(remote, ref, null, TransferProgress.NONE);
    assertEquals(1, pushed.tags());
    assertEquals(Set.of("kept the tag cats@a..b here: use 1 to 128 of A-Z a-z 0-9 _ -, with single dots between them",
        "kept the tag cats@" + v1Prefix + " here: 4 or more hex digits read as a version id prefix"),
        Set.copyOf(pushed.notes()));
    assertEquals(List.of(RemoteKey.of("tags/cats/good.json")), remote.list("tags/"));

    // the next start of the store writes its record files: the old tags have none, and do not stop it
    LocalRecords records = new LocalRecords(tmp.resolve("records"));
    assertEquals(3, records.backfill(new Catalog(aKv), new MetaCatalog(aKv, MetaMirror.NONE)),
        "two versions and the one valid tag, the old ones skipped");
    assertEquals(Set.of("good"), records.tagFiles().get("cats").keySet());
  }

  @Test
  void aRemotesOldTagIsSkippedByPullAndListingWithANote() throws Exception {
    Version v1 = a.resolve("cats");
    a.tag(v1, new TagName("good"));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    for (String old : new String[] {"beef", "..", "a..b"}) { // as an older datafs pushed them
      String json = "{\"dataset\":\"cats\",\"id\":\"" + v1.id().hex() + "\",\"tag\":\"" + old + "\",\"version\":1}";
      remote.create(RemoteKey.of("tags/cats/" + old + ".json"), json.getBytes(StandardCharsets.UTF_8));
    }

    try (RemoteBrowser browser = b.sync().browse(remote, ref)) {
      RemoteCatalog.Tags tags = browser.catalog().tags(CATS);
      assertEquals(Set.of("good"), tags.usable().keySet());
      assertEquals(3, tags.skipped().size(), tags.skipped().toString());
    }
    Puller.Result pulled = b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE);
    assertTrue(pulled.notes().contains("skipped the remote's tag cats@beef: 4 or more hex digits read as a version id"
        + " prefix"), pulled.notes().toString());
    assertTrue(pulled.notes().contains("skipped the remote's tag cats@..: use 1 to 128 of A-Z a-z 0-9 _ -, with single"
        + " dots between them"), pulled.notes().toString());
    assertEquals(Map.of("good", 1L), b.tags(CATS));
    assertFalse(pulled.added().isEmpty());
  }

  /** Writes a tag row as an older datafs did, past today's name check. */
  private void oldTag(String name, long number) {
    byte[] key = ("tag\0cats\0" + name).getBytes(StandardCharsets.UTF_8);
    aKv.write(new KvBatch().put(Table.REFS, key, ByteBuffer.allocate(8).putLong(number).array()));
  }
}
