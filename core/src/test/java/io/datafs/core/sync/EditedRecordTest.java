package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import io.datafs.core.version.VersionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version record changed on a remote after it was published (valid canonical JSON, so it hashes to a new id): the
 * stores that pushed or pulled it, and every store where a parent or tag promises its id, refuse it naming the file.
 */
class EditedRecordTest {
  static final DatasetName CATS = new DatasetName("cats");
  @TempDir Path tmp;
  final List<Repository> stores = new ArrayList<>();
  Repository pusher;
  Repository puller;
  CountingRemote remote;
  RemoteRef ref;
  String url;

  /** The pusher made v1..v3 and tagged v1 "first"; the puller pulled all three. */
  @BeforeEach
  void publishThreeVersions() throws Exception {
    RemoteUrl u = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    url = u.toString();
    remote = new CountingRemote(new LocalFolderRemote(u));
    ref = new RemoteRef(u, null);
    pusher = store("pusher");
    Path src = SyncTrees.sample(tmp.resolve("src"));
    for (int i = 1; i <= 3; i++) {
      SyncTrees.write(src.resolve("n.txt"), ("v" + i).getBytes());
      pusher.importFolder(src, CATS, SyncTest.OPTS, ImportProgress.NONE);
    }
    pusher.tag(pusher.resolve("cats@v1"), new TagName("first"));
    pusher.sync().push(remote, ref, null, TransferProgress.NONE);
    puller = store("puller");
    puller.sync().pull(remote, ref, "cats", true, TransferProgress.NONE);
  }

  @AfterEach
  void close() {
    stores.forEach(Repository::close);
  }

  @Test
  void anEditedHeadIsDamageToEveryStoreThatSawItAndNothingIsWritten() throws Exception {
    Version original = pusher.resolve("cats@v3");
    Version edited = edit(3, r -> reworded(r, r.parent()));
    String refusal = "remote " + url + ": versions/cats/3.json was changed after it was published: it hashes to "
        + edited.id().shortHex(12) + ", but this store saw it published as " + original.id().shortHex(12);

    remote.reset();
    for (Repository store : List.of(pusher, puller)) {
      refused(refusal, () -> store.sync().push(remote, ref, null, TransferProgress.NONE));
      refused(refusal, () -> store.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
      try (RemoteBrowser browser = store.sync().browse(remote, ref)) {
        refused(refusal, () -> browser.catalog().versions(CATS, 3)); // log --remote
        refused(refusal, () -> browser.resolve("cats")); // datasets --remote, ls --remote, mount
        refused(refusal, () -> browser.resolve("cats@v3"));
        refused(refusal, () -> browser.resolve("cats@" + edited.id().hex().substring(0, 8)));
      }
      assertEquals(original.id(), store.resolve("cats@v3").id(), "nothing of the edited record is kept");
    }
    assertEquals(0, remote.writes(), "a refused push uploads nothing");

    // A store that never saw v3 has nothing to hold it against: it takes the edited record as v3.
    Repository fresh = store("fresh");
    fresh.sync().pull(remote, ref, "cats", true, TransferProgress.NONE);
    assertEquals(edited.id(), fresh.resolve("cats@v3").id());
  }

  @Test
  void anEditedRecordWithAChildIsNamedEvenByAFreshStore() throws Exception {
    Version original = pusher.resolve("cats@v2");
    Version edited = edit(2, r -> reworded(r, r.parent()));
    refused("remote " + url + ": versions/cats/2.json was changed after it was published: it hashes to "
        + edited.id().shortHex(12) + ", but this store saw it published as " + original.id().shortHex(12),
        () -> puller.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));

    Repository fresh = store("fresh");
    refused("remote " + url + ": versions/cats/2.json hashes to " + edited.id().shortHex(12) + ", but"
        + " versions/cats/3.json names " + original.id().shortHex(12) + " as its parent: one of them was changed after"
        + " it was published", () -> fresh.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    assertTrue(fresh.datasets().isEmpty());
    try (Stream<Path> packs = Files.walk(fresh.layout().packs())) {
      assertEquals(List.of(), packs.filter(Files::isRegularFile).toList(), "nothing of a refused pull is kept");
    }
  }

  @Test
  void aChildNamingAnotherParentIsNamedWhenItsParentIsAsPublished() throws Exception {
    Repository sawTwo = store("saw-two");
    sawTwo.sync().pull(remote, ref, "cats@v2", true, TransferProgress.NONE);
    Version v2 = pusher.resolve("cats@v2");
    Version v1 = pusher.resolve("cats@v1");
    edit(3, r -> reworded(r, v1.id().hex()));
    refused("remote " + url + ": versions/cats/3.json was changed after it was published: it names "
        + v1.id().shortHex(12) + " as its parent, but this store saw versions/cats/2.json published as "
        + v2.id().shortHex(12), () -> sawTwo.sync().pull(remote, ref, "cats", true, TransferProgress.NONE));
    assertEquals(2, sawTwo.log(CATS).size());
  }

  @Test
  void aTagPromisesTheIdOfTheVersionItNames() throws Exception {
    Version original = pusher.resolve("cats@v1");
    Version edited = edit(1, r -> reworded(r, null));
    Repository fresh = store("fresh");
    refused("remote " + url + ": versions/cats/1.json hashes to " + edited.id().shortHex(12) + ", but"
        + " tags/cats/first.json names " + original.id().shortHex(12) + ": one of them was changed after it was"
        + " published", () -> fresh.sync().pull(remote, ref, "cats@first", true, TransferProgress.NONE));
    assertTrue(fresh.datasets().isEmpty());
  }

  private Repository store(String name) {
    Repository r = Repository.open(tmp.resolve(name), dir -> new MemoryKvStore());
    stores.add(r);
    return r;
  }

  /** Rewrites {@code versions/cats/<n>.json} on the remote, as valid canonical JSON, as {@code change} says. */
  private Version edit(long n, Function<VersionRecord, VersionRecord> change) {
    RemoteKey key = RemoteKey.of("versions/cats/" + n + ".json");
    VersionRecord r = change.apply(VersionCodec.decode(remote.get(key)).record());
    Version edited = VersionCodec.seal(r);
    remote.delete(key);
    remote.put(key, VersionCodec.encode(r));
    return edited;
  }

  /** The record with an edited message and the parent given. */
  private static VersionRecord reworded(VersionRecord r, String parent) {
    return new VersionRecord(r.format(), r.dataset(), r.number(), r.root(), parent, "edited " + r.message(), r.author(),
        r.time(), r.metadata(), r.totals());
  }

  private static void refused(String message, Executable action) {
    CorruptObjectException e = assertThrows(CorruptObjectException.class, action);
    assertEquals(message, e.getMessage());
  }
}
