package io.datafs.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.DatasetMetadata;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.RepairReport;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.MetaSync;
import io.datafs.core.version.DatasetName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset's own metadata: canonical records chained by parent, made by create and set under version metadata's
 * rules, kept as files the index is rebuilt from, pushed create-only and pulled with the chain checked.
 */
class DatasetMetadataTest {
  static final DatasetName CATS = new DatasetName("cats");
  @TempDir Path tmp;
  final MemoryKvStore keptA = new MemoryKvStore();
  Repository a;
  Repository b;
  LocalFolderRemote remote;

  @BeforeEach
  void open() throws Exception {
    a = Repository.open(tmp.resolve("a"), d -> keptA);
    b = Repository.open(tmp.resolve("b"), d -> new MemoryKvStore());
    remote = new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString()));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  static MetaEdit edit(String description, Map<String, String> set, List<String> unset) {
    return new MetaEdit(description, set, unset, "ana");
  }

  @Test
  void recordsAreCanonicalJsonNamedByTheirHashAndChainedByParent() throws Exception {
    DatasetMetadata meta = a.datasetMeta();
    DatasetMeta first = meta.set(CATS, edit("Cats", Map.of("owner", "vision", "license", "cc-by"), null), true);
    DatasetMeta second = meta.set(CATS, edit(null, Map.of("owner", "robotics"), List.of("license")), false);
    DatasetMeta third = meta.set(CATS, edit("Cats and kittens", null, null), false);

    byte[] json = DatasetMetaCodec.encode(first.record());
    assertEquals(ObjectId.hash(json), first.id());
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.matches("\\{\"author\":\"ana\",\"dataset\":\"cats\",\"description\":\"Cats\",\"format\":1,"
        + "\"metadata\":\\{\"license\":\"cc-by\",\"owner\":\"vision\"},\"number\":1,\"parent\":null,"
        + "\"time\":\"[^\"]+\"}"),
        text);
    assertEquals(first, DatasetMetaCodec.decode(json, "here"));
    byte[] spaced = text.replace(",", ", ").getBytes(StandardCharsets.UTF_8);
    assertTrue(assertThrows(CorruptObjectException.class, () -> DatasetMetaCodec.decode(spaced, "x.json")).getMessage()
        .equals("dataset metadata record x.json is not canonical JSON"));

    assertEquals(List.of(1L, 2L, 3L), meta.history(CATS).stream().map(m -> m.record().number()).toList());
    assertEquals(first.id().hex(), second.record().parent());
    assertEquals(second.id().hex(), third.record().parent());
    assertEquals(Map.of("owner", "robotics"), third.record().metadata());
    assertEquals("Cats and kittens", meta.latest(CATS).orElseThrow().record().description());
    assertEquals("{\"description\":\"Cats and kittens\",\"owner\":\"robotics\"}",
        third.record().queryable().toString());
    for (DatasetMeta m : List.of(first, second, third)) { // and a file each, as the remote keeps it
      assertArrayEquals(DatasetMetaCodec.encode(m.record()),
          Files.readAllBytes(tmp.resolve("a/records/datasets/cats/meta/" + m.record().number() + ".json")));
    }
  }

  @Test
  void createRefusesAnExistingDatasetAndSetAMissingOneUnderVersionMetadatasRules() throws Exception {
    DatasetMetadata meta = a.datasetMeta();
    assertEquals("no dataset named 'cats' (`datafs dataset create cats` makes one)",
        assertThrows(NotFoundException.class, () -> meta.set(CATS, edit("x", null, null), false)).getMessage());
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "a");
    a.importFolder(src, CATS, new ImportOptions("m", "me", Map.of()), ImportProgress.NONE);
    assertTrue(meta.history(CATS).isEmpty(), "a dataset made by import has no metadata until set");
    assertEquals("dataset 'cats' exists already (it has versions): `datafs dataset set cats` changes its metadata",
        assertThrows(ConflictException.class, () -> meta.set(CATS, edit("x", null, null), true)).getMessage());
    meta.set(CATS, edit("Cats", Map.of("owner", "vision"), null), false);
    DatasetName dogs = new DatasetName("dogs");
    meta.set(dogs, edit("Dogs", null, null), true);
    assertEquals("dataset 'dogs' exists already (it has metadata): `datafs dataset set dogs` changes its metadata",
        assertThrows(ConflictException.class, () -> meta.set(dogs, edit("x", null, null), true)).getMessage());
    assertEquals(List.of(CATS, dogs), List.copyOf(meta.datasets()));

    String[][] refused = {
        {"", "v", "invalid metadata '=v': the key is empty"},
        {"k", "\uFFFD", "invalid metadata 'k=\uFFFD': not valid UTF-8 (it holds U+FFFD, what bytes that are not UTF-8"
            + " are read as)"},
        {"description", "v", "invalid metadata key 'description': it names the dataset's description (use"
            + " --description)"}};
    for (String[] r : refused) {
      assertEquals(r[2], assertThrows(InvalidInputException.class, () -> edit(null, Map.of(r[0], r[1]), null))
          .getMessage());
    }
    assertEquals("metadata key 'owner' is both set and unset", assertThrows(InvalidInputException.class,
        () -> edit(null, Map.of("owner", "x"), List.of("owner"))).getMessage());
    assertEquals("cats has no metadata key 'team' to unset", assertThrows(InvalidInputException.class,
        () -> meta.set(CATS, edit(null, null, List.of("team")), false)).getMessage());
    assertEquals("the metadata of cats is already so: nothing to set", assertThrows(InvalidInputException.class,
        () -> meta.set(CATS, edit("Cats", Map.of("owner", "vision"), null), false)).getMessage());
    String big = "x".repeat(9 << 20);
    meta.set(CATS, edit(null, Map.of("big1", big), null), false);
    assertTrue(assertThrows(InvalidInputException.class, () -> meta.set(CATS, edit(null, Map.of("big2", big), null),
        false)).getMessage().matches("the metadata of cats would take \\d+ bytes, more than the 16 MiB a dataset's"
        + " metadata may hold"));
    assertEquals(2, meta.history(CATS).size(), "nothing refused was kept");
  }

  @Test
  void pushAndPullCarryTheWholeHistoryAndPushingAgainCreatesNothing() {
    a.datasetMeta().set(CATS, edit("Cats", Map.of("owner", "vision"), null), true);
    a.datasetMeta().set(CATS, edit(null, Map.of("owner", "robotics"), null), false);
    assertEquals(2, a.datasetMeta().push(remote, null).size());
    assertEquals(List.of(), a.datasetMeta().push(remote, null), "pushing again creates nothing");
    assertEquals(List.of(RemoteKey.of("datasets/cats/meta/1.json"), RemoteKey.of("datasets/cats/meta/2.json")),
        remote.list("datasets/"));

    assertEquals(2, b.datasetMeta().pull(remote, CATS).size());
    assertEquals(a.datasetMeta().history(CATS), b.datasetMeta().history(CATS));
    b.datasetMeta().set(CATS, edit("Cats, all of them", null, null), false);
    b.datasetMeta().push(remote, List.of(CATS));
    assertEquals(List.of(3L), a.datasetMeta().pull(remote, CATS).stream().map(m -> m.record().number()).toList());
    assertEquals(b.datasetMeta().history(CATS), a.datasetMeta().history(CATS));
  }

  @Test
  void twoStoresSettingTheSameNumberExactlyOneWinsAndTheOtherIsToldInOneLine() {
    a.datasetMeta().set(CATS, edit("Cats", null, null), true);
    a.datasetMeta().push(remote, null);
    b.datasetMeta().pull(remote, CATS);
    a.datasetMeta().set(CATS, edit(null, Map.of("owner", "a"), null), false);
    b.datasetMeta().set(CATS, edit(null, Map.of("owner", "b"), null), false);
    a.datasetMeta().push(remote, null);
    ConflictException lost = assertThrows(ConflictException.class, () -> b.datasetMeta().push(remote, null));
    assertEquals("the remote's cats meta#2 is another record than this store's: another store set the metadata of"
        + " cats first (" + remote.url() + ")", lost.getMessage());
    ConflictException diverged = assertThrows(ConflictException.class, () -> b.datasetMeta().pull(remote, CATS));
    assertEquals("cats meta#2 here is another record than the remote's (" + remote.url() + "): the metadata diverged,"
        + " another store set it too", diverged.getMessage());
    assertEquals("a", MetaSync.chain(remote, CATS).get(1).record().metadata().get("owner"), "the winner's is there");
    assertEquals("b", b.datasetMeta().latest(CATS).orElseThrow().record().metadata().get("owner"), "b keeps its own");
  }

  @Test
  void aPullRefusesARecordChangedAfterItWasPublishedStoringNothing() throws Exception {
    a.datasetMeta().set(CATS, edit("Cats", null, null), true);
    a.datasetMeta().set(CATS, edit("Cats 2", null, null), false);
    a.datasetMeta().push(remote, null);
    // record 1 rewritten (validly, canonically) behind datafs's back: record 2 no longer names it
    DatasetMetaRecord r1 = a.datasetMeta().history(CATS).get(0).record();
    DatasetMeta forged = DatasetMetaCodec.seal(new DatasetMetaRecord(1, "cats", 1, null, "Dogs", Map.of(), "eve",
        r1.time()));
    Path file = tmp.resolve("remote/datasets/cats/meta/1.json");
    Files.write(file, DatasetMetaCodec.encode(forged.record()));
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> b.datasetMeta().pull(remote, CATS));
    assertEquals("remote " + remote.url() + ": datasets/cats/meta/2.json names "
        + a.datasetMeta().history(CATS).get(0).id().shortHex(12) + " as its parent, but datasets/cats/meta/1.json"
        + " hashes to " + forged.id().shortHex(12) + ": one of them was changed after it was published",
        e.getMessage());
    assertTrue(b.datasetMeta().history(CATS).isEmpty(), "nothing stored");

    Files.writeString(file, "{\"dataset\": \"cats\"}");
    assertTrue(assertThrows(CorruptObjectException.class, () -> b.datasetMeta().pull(remote, CATS)).getMessage()
        .startsWith("remote " + remote.url() + " is damaged: dataset metadata record datasets/cats/meta/1.json"));
    Files.writeString(tmp.resolve("remote/datasets/cats/meta/junk.txt"), "x");
    assertEquals("remote " + remote.url() + " is damaged: remote key datasets/cats/meta/junk.txt is not a dataset"
        + " metadata record", assertThrows(CorruptObjectException.class, () -> b.datasetMeta().pull(remote, CATS))
        .getMessage());
    assertNull(b.datasetMeta().latest(CATS).orElse(null));
  }

  @Test
  void aLostIndexGetsTheMetadataBackFromTheRecordFiles() {
    a.datasetMeta().set(CATS, edit("Cats", Map.of("owner", "vision"), null), true);
    a.datasetMeta().set(CATS, edit(null, Map.of("owner", "robotics"), null), false);
    List<DatasetMeta> before = a.datasetMeta().history(CATS);
    a.close();
    a = Repository.open(tmp.resolve("a"), d -> new MemoryKvStore()); // db/ deleted
    assertTrue(a.indexLost(), "metadata records alone make a lost index known");
    RepairReport r = a.repairIndex();
    assertEquals(2, r.metaRecords(), r.toString());
    assertEquals(List.of(), r.notRebuilt());
    assertEquals(before, a.datasetMeta().history(CATS));
  }

  @Test
  void aDamagedRecordFileStopsTheRepairOfItsDatasetAtItNamingIt() throws Exception {
    a.datasetMeta().set(CATS, edit("Cats", null, null), true);
    a.datasetMeta().set(CATS, edit("Cats 2", null, null), false);
    a.datasetMeta().set(CATS, edit("Cats 3", null, null), false);
    a.close();
    Files.writeString(tmp.resolve("a/records/datasets/cats/meta/2.json"), "{}");
    a = Repository.open(tmp.resolve("a"), d -> new MemoryKvStore());
    RepairReport r = a.repairIndex();
    assertEquals(1, r.metaRecords());
    assertEquals(1, r.notRebuilt().size(), r.notRebuilt().toString());
    assertTrue(r.notRebuilt().get(0).startsWith("cats meta#2 to #3 not restored: "), r.notRebuilt().get(0));
    assertEquals(1, a.datasetMeta().history(CATS).size());
  }
}
