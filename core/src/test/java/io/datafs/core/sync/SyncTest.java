package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.chunk.ChunkerParams;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull between two stores through a folder remote, with every request counted. */
class SyncTest {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  @TempDir Path tmp;
  Repository a;
  Repository b;
  CountingRemote remote;
  RemoteRef ref;
  Path src;

  @BeforeEach
  void open() throws Exception {
    a = Repository.open(tmp.resolve("a"), dir -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    RemoteUrl url = RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString());
    remote = new CountingRemote(new LocalFolderRemote(url));
    ref = new RemoteRef(url, null);
    src = SyncTrees.sample(tmp.resolve("src"));
    a.importFolder(src, new DatasetName("cats"), OPTS, ImportProgress.NONE);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void pushThenPullGivesTheSameVersion() throws Exception {
    a.tag(a.resolve("cats"), new TagName("first"));
    Pusher.Result pushed = a.sync().push(remote, ref, null, TransferProgress.NONE);
    assertEquals(1, pushed.versions().size());
    assertEquals(1, pushed.tags());
    assertEquals(2, pushed.packs(), "one data pack and one metadata pack");

    Puller.Result pulled = b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE);
    assertEquals(a.resolve("cats").id(), pulled.target().id());
    assertEquals(1, pulled.dataPacks());
    assertEquals(1, pulled.metadataPacks());
    assertEquals(a.resolve("cats@first").id(), b.resolve("cats@first").id());
    SyncTrees.assertSameExport(a, b, "cats", tmp);
    assertTrue(b.verify(null).problems().isEmpty(), b.verify(null).problems().toString());
  }

  @Test
  void pushingAgainUploadsNothingAndAChangeUploadsOnlyItsPacks() throws Exception {
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    remote.reset();
    assertTrue(a.sync().push(remote, ref, null, TransferProgress.NONE).versions().isEmpty());
    assertEquals(0, remote.writes(), remote.ops().toString());
    assertEquals(0, remote.bytesUp());

    Files.writeString(src.resolve("a/new.txt"), "new");
    a.importFolder(src, new DatasetName("cats"), OPTS, ImportProgress.NONE);
    remote.reset();
    Pusher.Result r = a.sync().push(remote, ref, "cats", TransferProgress.NONE);
    assertEquals(2, r.packs(), "the new file's data pack and the new pages' metadata pack");
    assertTrue(remote.bytesUp() < 20_000, "uploaded " + remote.bytesUp());
    // two packs, two indexes, one record; the listings of versions/ and index/ (listings/), which changed; the
    // push's marker for a remote GC (gc/pending/, deleted at the end); and the located objects of the two directories
    // on the changed path (a/ and the root: tree/), each other directory found there by a size request
    assertEquals(2 * 2 + 1 + 2 + 1 + 2, remote.writes(), remote.ops().toString());
    assertEquals(1L, remote.ops().get("delete"), remote.ops().toString());
  }

  @Test
  void aVersionNumberTakenByAnotherStoreIsAConflictAndNothingIsUploaded() throws Exception {
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE);
    Files.writeString(src.resolve("a/theirs.txt"), "theirs");
    a.importFolder(src, new DatasetName("cats"), OPTS, ImportProgress.NONE);
    a.sync().push(remote, ref, null, TransferProgress.NONE);

    Path mine = SyncTrees.sample(tmp.resolve("mine"));
    Files.writeString(mine.resolve("a/mine.txt"), "mine");
    b.importFolder(mine, new DatasetName("cats"), OPTS, ImportProgress.NONE);
    remote.reset();
    ConflictException e = assertThrows(ConflictException.class,
        () -> b.sync().push(remote, ref, null, TransferProgress.NONE));
    assertTrue(e.getMessage().startsWith("the remote's cats@v2 is a different version: pull it first"), e.getMessage());
    assertEquals(0, remote.writes());
    ConflictException pull = assertThrows(ConflictException.class,
        () -> b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    assertTrue(pull.getMessage().contains("cats@v2 here is a different version"), pull.getMessage());
  }

  @Test
  void aRemoteOfOtherChunkingOrANewerFormatIsRefused() {
    CraftedRemote.format(remote, RemoteFormat.FORMAT,
        new ChunkerParams(ChunkerParams.FASTCDC, 1 << 16, 1 << 18, 1 << 20));
    DatafsException e = assertThrows(ConflictException.class,
        () -> a.sync().push(remote, ref, null, TransferProgress.NONE));
    assertTrue(e.getMessage().contains(
        "was initialised with different chunking (fastcdc-2020-normalized-2 65536/262144/1048576)"), e.getMessage());

    CraftedRemote.format(remote, RemoteFormat.FORMAT + 1, ChunkerParams.DEFAULT);
    e = assertThrows(DatafsException.class, () -> a.sync().push(remote, ref, null, TransferProgress.NONE));
    assertTrue(e.getMessage().contains(
        "was written by a newer datafs (format 2; this one reads up to 1): upgrade datafs"), e.getMessage());
    e = assertThrows(DatafsException.class, () -> b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    assertTrue(e.getMessage().contains("newer datafs"), e.getMessage());
    assertEquals(0, remote.count("list"), "nothing else was looked at");
  }

  @Test
  void pullingWhatTheRemoteLacksSaysSo() throws Exception {
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    assertTrue(e.getMessage().contains("holds no datafs data"), e.getMessage());
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    e = assertThrows(NotFoundException.class, () -> b.sync().pull(remote, ref, "dogs", false, TransferProgress.NONE));
    assertTrue(e.getMessage().contains("has no dataset named 'dogs'"), e.getMessage());
    e = assertThrows(NotFoundException.class,
        () -> b.sync().pull(remote, ref, "cats@v7", false, TransferProgress.NONE));
    assertTrue(e.getMessage().contains("has no version 'v7' of 'cats' (latest is v1)"), e.getMessage());
  }

  @Test
  void metadataOnlyFetchesNoContentAndFullPullLaterFetchesIt() throws Exception {
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    long total = remote.bytesUp();
    remote.reset();
    Puller.Result r = b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE);
    assertEquals(0, r.dataPacks());
    assertEquals(1, r.remoteOnlyPacks());
    assertTrue(remote.bytesDown() < total / 10, remote.bytesDown() + " of " + total);
    assertEquals(a.resolve("cats").id(), b.resolve("cats").id());
    // listing works from the trees alone; content is only on the remote, which nothing here reads yet
    assertEquals("file", b.stat(b.resolve("cats"), "data/big.bin").kind().name().toLowerCase());
    assertThrows(NotFoundException.class, () -> b.cat(b.resolve("cats"), "a/hello.txt", new ByteArrayOutputStream()));

    r = b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE);
    assertTrue(r.added().isEmpty());
    assertEquals(1, r.dataPacks());
    SyncTrees.assertSameExport(a, b, "cats", tmp);
  }

  @Test
  void craftedNamesAndEscapingLinksAreRefusedAndNothingIsKept() throws Exception {
    byte[] content = "x".getBytes();
    List<List<TreeEntry>> bad = List.of(
        List.of(CraftedRemote.file("..", content)),
        List.of(CraftedRemote.file("a/b", content)),
        List.of(CraftedRemote.file("nul\0name", content)),
        List.of(CraftedRemote.file("x".repeat(256), content)),
        List.of(TreeEntry.symlink("escape", 0777, 0, 1, "../../etc/passwd")),
        List.of(TreeEntry.symlink("abs", 0777, 0, 1, "/etc/passwd")));
    int i = 0;
    for (List<TreeEntry> entries : bad) {
      Path folder = Files.createDirectories(tmp.resolve("bad" + i));
      LocalFolderRemote r = new LocalFolderRemote(RemoteUrl.parse(folder.toString()));
      CraftedRemote.version(r, Files.createDirectories(tmp.resolve("work" + i)), "evil", entries, List.of(content));
      RemoteRef badRef = new RemoteRef(r.url(), null);
      CorruptObjectException e = assertThrows(CorruptObjectException.class,
          () -> b.sync().pull(r, badRef, "evil", false, TransferProgress.NONE), entries.toString());
      assertTrue(e.getMessage().startsWith("refusing evil@v1 of remote " + r.url() + ": "), e.getMessage());
      assertTrue(e.getMessage().contains("name") || e.getMessage().contains("leaves the dataset"), e.getMessage());
      i++;
    }
    assertTrue(b.datasets().isEmpty());
    try (var files = Files.walk(b.layout().packs())) {
      assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no pack of a refused remote is kept");
    }
  }

  @Test
  void aCraftedButValidRemotePulls() throws Exception {
    byte[] content = "fine".getBytes();
    CraftedRemote.version(remote, Files.createDirectories(tmp.resolve("work")), "ok",
        List.of(CraftedRemote.file("fine.txt", content), TreeEntry.symlink("link", 0777, 0, 1, "fine.txt")),
        List.of(content));
    b.sync().pull(remote, ref, "ok", false, TransferProgress.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.cat(b.resolve("ok"), "fine.txt", out);
    assertEquals("fine", out.toString());
    assertFalse(b.datasets().isEmpty());
  }
}
