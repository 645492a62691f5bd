package io.datafs.core.sync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.kv.MemoryKvStore;
import io.datafs.core.label.LabelEvent;
import io.datafs.core.label.LabelName;
import io.datafs.core.label.Labels;
import io.datafs.core.remote.CountingRemote;
import io.datafs.core.remote.ForwardingRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels travel with push and pull between two stores, run unchanged against every remote: extend it and say how to
 * open a fresh, empty remote. Labels are set on the content ids of a version's files; each store reads its own index.
 */
public abstract class LabelSyncContract {
  static final ImportOptions OPTS = new ImportOptions("m", "me", Map.of());
  static final LabelName CAT = new LabelName("cat");
  static final LabelName CLEAN = new LabelName("clean");
  static final LabelName REVIEW = new LabelName("needs-review");

  @TempDir protected Path tmp;
  protected CountingRemote remote;
  protected RemoteRef ref;
  protected Repository a;
  protected Repository b;
  protected Labels labelsA;
  protected Labels labelsB;
  protected List<ObjectId> files;
  private final AtomicInteger labelReads = new AtomicInteger();

  /** A new remote with no objects in it; it may share a server with others, never keys. */
  protected abstract Remote open() throws Exception;

  @BeforeEach
  final void twoStoresAndAVersion() throws Exception {
    Remote inner = open();
    remote = new CountingRemote(new ForwardingRemote(inner) {
      @Override public byte[] read(RemoteKey key, long offset, int length) {
        if (key.value().startsWith(RemoteLayout.LABELS)) labelReads.incrementAndGet();
        return super.read(key, offset, length);
      }
    });
    ref = new RemoteRef(inner.url(), null);
    a = Repository.open(tmp.resolve("a"), dir -> new MemoryKvStore());
    b = Repository.open(tmp.resolve("b"), dir -> new MemoryKvStore());
    labelsA = new Labels(a.index());
    labelsB = new Labels(b.index());
    Path src = tmp.resolve("src");
    for (int i = 0; i < 6; i++) SyncTrees.write(src.resolve("img/" + i + ".jpg"), SyncTrees.random(i, 100 + i));
    Version v = a.importFolder(src, new DatasetName("cats"), OPTS, ImportProgress.NONE).version();
    files = new ArrayList<>();
    a.list(v, "", true, (path, e) -> {
      if (e.isFile()) files.add(e.contentId());
      return true;
    });
  }

  @AfterEach
  final void close() {
    a.close();
    b.close();
    remote.close();
  }

  @Test
  void labelsTravelWithPushAndPullAndBothStoresEndTheSame() {
    Version before = a.resolve("cats");
    labelsA.apply(files.subList(0, 4), List.of(CAT, REVIEW), true, "ana");
    labelsA.apply(files.subList(0, 2), List.of(REVIEW), false, "ana");
    assertEquals(List.of(before), a.log(new DatasetName("cats")), "labelling makes no version and changes none");
    assertEquals(2, a.sync().push(remote, ref, null, TransferProgress.NONE).labelEvents());

    assertEquals(2, b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE).labelEvents());
    assertSameLabels();
    assertEquals(List.of("cat"), List.copyOf(labelsB.of(files.get(0))));
    assertEquals(List.of("cat", "needs-review"), List.copyOf(labelsB.of(files.get(3))));

    // the other way: b's later changes override a's where they meet
    labelsB.apply(files.subList(3, 6), List.of(REVIEW), false, "bo");
    labelsB.apply(files.subList(4, 6), List.of(CLEAN), true, "bo");
    assertEquals(2, b.sync().push(remote, ref, null, TransferProgress.NONE).labelEvents(), "only the events a lacks");
    assertEquals(2, a.sync().pull(remote, ref, "cats", true, TransferProgress.NONE).labelEvents());
    assertSameLabels();
    assertEquals(List.of("cat"), List.copyOf(labelsA.of(files.get(3))));
    assertEquals(List.of("clean"), List.copyOf(labelsA.of(files.get(5))));
    assertEquals(labelsA.events(), labelsB.events());
    assertEquals(before.id(), b.resolve("cats").id());
  }

  @Test
  void pushingOrPullingAgainMovesNoLabelAndAStoreWithoutLabelsDoesNotLookForThem() {
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    remote.reset();
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    long listsWithoutLabels = remote.count("list");

    labelsA.apply(files, List.of(CAT), true, "ana");
    remote.reset();
    assertEquals(1, a.sync().push(remote, ref, null, TransferProgress.NONE).labelEvents());
    // label sync lists labels/ only once there are labels; the listing refresh, which lists every area at every push,
    // lists it once more after rewriting listings/labels.txt
    assertEquals(listsWithoutLabels + 2, remote.count("list"), "labels/ listed once, and only once there are labels");
    assertEquals(2, remote.writes(), remote.ops().toString()); // the event, and listings/labels.txt
    remote.reset();
    assertEquals(0, a.sync().push(remote, ref, null, TransferProgress.NONE).labelEvents());
    assertEquals(0, remote.writes(), remote.ops().toString());

    assertEquals(1, b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE).labelEvents());
    remote.reset();
    assertEquals(0, b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE).labelEvents());
    assertEquals(1, labelReads.get(), "the event was read once, by the first pull");
  }

  @Test
  void aChangedEventOnTheRemoteIsRefusedOnPullNamingItsKeyAndNothingIsStored() {
    LabelEvent e = labelsA.apply(files.subList(0, 1), List.of(CAT), true, "ana").get(0);
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    RemoteKey key = RemoteLayout.labelEvent(e.id());
    byte[] changed = new String(remote.get(key), UTF_8).replace("\"add\":true", "\"add\":false").getBytes(UTF_8);
    remote.delete(key);
    remote.put(key, changed);

    CorruptObjectException x = assertThrows(CorruptObjectException.class,
        () -> b.sync().pull(remote, ref, "cats", false, TransferProgress.NONE));
    assertEquals("remote " + remote.url() + ": " + key + " was changed after it was published: it hashes to "
        + ObjectId.hash(changed).shortHex(12), x.getMessage());
    assertEquals(List.of(), labelsB.events());
    assertEquals(List.of(), b.datasets(), "the pull stopped before any version was written");
  }

  @Test
  void aRemoteWithoutLabelsIsNormalAndAnythingElseUnderLabelsIsDamage() {
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    assertEquals(0, b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE).labelEvents());

    remote.put(RemoteKey.of("labels/notes.txt"), "hello".getBytes(UTF_8));
    CorruptObjectException x = assertThrows(CorruptObjectException.class,
        () -> b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE));
    assertEquals("remote " + remote.url() + " is damaged: remote key labels/notes.txt is not a label event",
        x.getMessage());
  }

  private void assertSameLabels() {
    for (ObjectId f : files) {
      SortedSet<String> mine = labelsA.of(f);
      assertEquals(mine, labelsB.of(f), f.hex());
      for (LabelName l : List.of(CAT, CLEAN, REVIEW)) assertEquals(mine.contains(l.value()), labelsB.has(f, l));
    }
    assertEquals(labelsA.eventIds(), labelsB.eventIds());
  }
}
