package io.datafs.core.sync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.id.ObjectId;
import io.datafs.core.remote.ForwardingRemote;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteListing;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing files every push keeps: written when they differ, mended when stale, true after racing pushes. */
class ListingsTest {
  @TempDir Path tmp;

  @Test
  void eachAreaIsWrittenWhenItDiffersAndAStaleOrDamagedListingIsMended() throws Exception {
    Remote remote = folder("r");
    DatasetName cats = new DatasetName("cats");
    remote.create(RemoteLayout.version(cats, 1), new byte[] {1});
    remote.create(RemoteLayout.tag(cats, new TagName("first")), new byte[] {2});
    remote.put(RemoteLayout.index(ObjectId.hash(new byte[] {3})), new byte[] {3});
    assertEquals(5, Listings.refresh(remote), "every area, labels/ and datasets/ too (empty)");
    for (String area : RemoteListing.AREAS) {
      assertEquals(remote.list(area), RemoteListing.decode("r", area, remote.get(RemoteListing.key(area))), area);
    }
    assertEquals(0, Listings.refresh(remote), "nothing new: nothing written");

    RemoteKey versions = RemoteListing.key(RemoteLayout.VERSIONS);
    byte[] stale = remote.get(versions);
    remote.create(RemoteLayout.version(cats, 2), new byte[] {1});
    assertEquals(1, Listings.refresh(remote));
    remote.put(versions, stale); // a slower push's listing, written last
    assertEquals(1, Listings.refresh(remote), "mended by the next push");
    assertEquals(2, RemoteListing.decode("r", RemoteLayout.VERSIONS, remote.get(versions)).size());
    remote.put(versions, "junk".getBytes(UTF_8));
    assertEquals(1, Listings.refresh(remote));
    assertEquals(remote.list(RemoteLayout.VERSIONS),
        RemoteListing.decode("r", RemoteLayout.VERSIONS, remote.get(versions)));
  }

  /**
   * Pushes of several stores at once, each publishing records and then refreshing: whoever writes last, the listing
   * they leave holds every record (rounds from a fixed number of threads; no refresh after they are all done). Each
   * listing's upload is slowed by up to 3 ms, so that a push's listing is often overtaken by newer records.
   */
  @Test
  void racingPushesLeaveAListingOfEveryRecord() throws Exception {
    Random delays = new Random(5);
    Remote remote = new ForwardingRemote(folder("race")) {
      @Override
      public void put(RemoteKey key, byte[] bytes) {
        try {
          Thread.sleep(delays.nextInt(4));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.put(key, bytes);
      }
    };
    int stores = 6;
    int rounds = 20;
    ExecutorService pool = Executors.newFixedThreadPool(stores);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> pushes = new ArrayList<>();
      for (int s = 0; s < stores; s++) {
        DatasetName ds = new DatasetName("ds" + s);
        pushes.add(pool.submit(() -> {
          go.await();
          for (long n = 1; n <= rounds; n++) {
            remote.create(RemoteLayout.version(ds, n), new byte[] {1});
            Listings.refresh(remote);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : pushes) f.get(120, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    List<RemoteKey> listed = RemoteListing.decode("race", RemoteLayout.VERSIONS,
        remote.get(RemoteListing.key(RemoteLayout.VERSIONS)));
    assertEquals(stores * rounds, listed.size());
    assertEquals(remote.list(RemoteLayout.VERSIONS), listed);
  }

  /**
   * The race that needs the check after each write: push A lists the records, then (slow) uploads that listing only
   * after push B published a record and wrote a listing of its own. A's upload overwrites B's listing with an older
   * one; A's check then finds B's record and writes again.
   */
  @Test
  void aListingOvertakenByAnotherPushIsWrittenAgain() throws Exception {
    Remote folder = folder("overtaken");
    DatasetName a = new DatasetName("a");
    DatasetName b = new DatasetName("b");
    folder.create(RemoteLayout.version(a, 1), new byte[] {1});
    CountDownLatch aListed = new CountDownLatch(1);
    CountDownLatch bDone = new CountDownLatch(1);
    Thread pushA = Thread.currentThread();
    Remote slowA = new ForwardingRemote(folder) {
      @Override
      public void put(RemoteKey key, byte[] bytes) {
        if (Thread.currentThread() == pushA && key.equals(RemoteListing.key(RemoteLayout.VERSIONS))
            && aListed.getCount() > 0) {
          aListed.countDown();
          try {
            bDone.await(); // B publishes and writes its listing meanwhile
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
        super.put(key, bytes);
      }
    };
    Thread pushB = new Thread(() -> {
      try {
        aListed.await();
        folder.create(RemoteLayout.version(b, 1), new byte[] {1});
        Listings.refresh(folder);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        bDone.countDown();
      }
    });
    pushB.start();
    Listings.refresh(slowA);
    pushB.join();
    assertEquals(List.of(RemoteLayout.version(a, 1), RemoteLayout.version(b, 1)), RemoteListing.decode("overtaken",
        RemoteLayout.VERSIONS, folder.get(RemoteListing.key(RemoteLayout.VERSIONS))));
  }

  private Remote folder(String name) throws Exception {
    return new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve(name)).toString()));
  }
}
