package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.pack.Codec;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackIndex;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Totals;
import io.datafs.core.version.VersionCodec;
import io.datafs.core.version.VersionRecord;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects on a remote far larger than datafs ever writes (sparse files of 3 GiB on a folder remote): each is refused
 * in one line naming its key and the cap, after reading one byte past the cap, and nothing is stored.
 */
class RemoteCapsTest {
  static final long HUGE = 3L << 30;
  @TempDir Path tmp;
  Repository a;
  Repository b;
  CountingRemote remote;
  RemoteRef ref;
  Path remoteDir;
  String url;

  @BeforeEach
  void pushOneVersion() throws Exception {
    a = Repository.open(tmp.resolve("a"), dir -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    remoteDir = Files.createDirectories(tmp.resolve("remote"));
    RemoteUrl u = RemoteUrl.parse(remoteDir.toString());
    url = u.toString();
    remote = new CountingRemote(new LocalFolderRemote(u));
    ref = new RemoteRef(u, null);
    a.importFolder(SyncTrees.sample(tmp.resolve("src")), new DatasetName("cats"), SyncTest.OPTS, ImportProgress.NONE);
    a.tag(a.resolve("cats"), new TagName("first"));
    a.sync().push(remote, ref, null, TransferProgress.NONE);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void anOversizedVersionRecordIsRefusedWithoutReadingIt() throws Exception {
    sparse("versions/cats/1.json");
    String refusal = "remote " + url + ": versions/cats/1.json is larger than 16 MiB, the most a version record may be:"
        + " refused";
    remote.reset();
    refused(refusal, () -> b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    assertTrue(remote.bytesDown() < (16 << 20) + 4096, "read " + remote.bytesDown());
    try (RemoteBrowser browser = b.sync().browse(remote, ref)) {
      refused(refusal, () -> browser.catalog().versions(new DatasetName("cats"), 1));
    }
    refused(refusal, () -> a.sync().push(remote, ref, null, TransferProgress.NONE));
    assertTrue(b.datasets().isEmpty());
  }

  @Test
  void oversizedTagsFormatFilesAndIndexesAreRefused() throws Exception {
    refusedWhileHuge("tags/cats/first.json", "is larger than 64 KiB, the most a tag record may be: refused");
    assertTrue(b.datasets().isEmpty(), "a refused tag stops the pull before anything is stored");
    ObjectId pack = RemoteLayout.parseIndex(remote.list(RemoteLayout.INDEXES).get(0));
    refusedWhileHuge("index/" + pack.hex(), "is larger than 64 MiB, the most a pack index may be: refused");
    refusedWhileHuge("datafs.json", "is larger than 64 KiB, the most a format file may be: refused");
    assertTrue(b.datasets().isEmpty());
  }

  @Test
  void anIndexListingAHugePageIsRefusedBeforeThePageIsRead() {
    ObjectId root = ObjectId.hash("a page said to be 1 GiB".getBytes());
    byte[] index = PackIndex.encode(List.of(new PackEntry(root, ObjectType.PAGE, Codec.RAW, 100, 1 << 30, 1 << 30, 0)));
    ObjectId pack = ObjectId.hash(index);
    remote.put(RemoteLayout.index(pack), index);
    remote.create(RemoteLayout.version(new DatasetName("huge"), 1), VersionCodec.encode(new VersionRecord(
        VersionRecord.FORMAT, "huge", 1, root.hex(), null, "m", "mallory", "2024-01-01T00:00:00Z", Map.of(),
        new Totals(1, 0, 0, 0))));
    refused("remote " + url + ": index/" + pack.hex() + " lists a page of 1073741824 bytes, larger than 16 MiB, the"
        + " most one may be: refused", () -> b.sync().pull(remote, ref, "huge", true, TransferProgress.NONE));
  }

  @Test
  void aPackLargerThanItsIndexSaysIsRefused() throws Exception {
    for (RemoteKey k : remote.list(RemoteLayout.PACKS)) {
      Files.write(remoteDir.resolve(k.value()), new byte[1 << 20], StandardOpenOption.APPEND);
    }
    CorruptObjectException e = assertThrows(CorruptObjectException.class,
        () -> b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    assertTrue(e.getMessage().startsWith("refusing cats@v1 of remote " + url + ": remote " + url + ": packs/"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" bytes its index says: refused"), e.getMessage());
    assertTrue(b.datasets().isEmpty());
  }

  /** Replaces the object at {@code key} by a sparse file of {@link #HUGE} bytes. */
  private void sparse(String key) throws Exception {
    Path file = remoteDir.resolve(key);
    Files.delete(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(HUGE);
    }
  }

  /** A pull while the object at {@code key} is huge is refused naming it; then the object is put back. */
  private void refusedWhileHuge(String key, String why) throws Exception {
    byte[] was = Files.readAllBytes(remoteDir.resolve(key));
    sparse(key);
    refused("remote " + url + ": " + key + " " + why,
        () -> b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    Files.delete(remoteDir.resolve(key));
    Files.write(remoteDir.resolve(key), was);
  }

  private static void refused(String message, Executable action) {
    CorruptObjectException e = assertThrows(CorruptObjectException.class, action);
    assertEquals(message, e.getMessage());
  }
}
