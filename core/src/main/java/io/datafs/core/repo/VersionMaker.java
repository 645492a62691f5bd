package io.datafs.core.repo;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.annotate.AnnotationIngest;
import io.datafs.core.chunk.FastCdc;
import io.datafs.core.ingest.FileIngester;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.store.Settings;
import io.datafs.core.store.StoreLayout;
import io.datafs.core.store.WriteSession;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.Composition;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Semver;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import io.datafs.core.version.VersionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The one path every new version takes (import, commit, compose): under its dataset's lock (versions of one dataset
 * are made one at a time), a write session in which the tree is built, its objects sealed, then the version
 * published (with its semantic version, when it asks for one, in the same batch), and its new annotations indexed.
 */
final class VersionMaker {
  /** What builds the tree of a new version, given the latest version (null for a new dataset). */
  interface TreeMaker {
    NewTree make(WriteSession session, FileIngester files, ExecutorService pool, Version head, long number);
  }

  private final StoreLayout layout;
  private final KvStore kv;
  private final Settings settings;
  private final Catalog catalog;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final AnnotationIndex annotations;
  private final Map<String, ReentrantLock> datasetLocks = new ConcurrentHashMap<>();
  /**
   * Shared by everything that writes packs or publishes (new versions, pulls), exclusive for a GC: an import that
   * finds a chunk already stored does not write it again, so it must not run while a GC could find that chunk dead.
   */
  private final ReentrantReadWriteLock storeWrites = new ReentrantReadWriteLock();

  VersionMaker(StoreLayout layout, KvStore kv, Settings settings, Catalog catalog, LocalObjects objects,
               MetadataObjects metadata, AnnotationIndex annotations) {
    this.layout = layout;
    this.kv = kv;
    this.settings = settings;
    this.catalog = catalog;
    this.objects = objects;
    this.metadata = metadata;
    this.annotations = annotations;
  }

  /** Held (shared) while a store's packs are written or versions published; see {@link #gcLock}. */
  Lock writing() {
    return storeWrites.readLock();
  }

  /** Held by a GC: no pack is written and no version published meanwhile. */
  Lock gcLock() {
    return storeWrites.writeLock();
  }

  /** The lock under which versions of {@code ds} are made (a pull takes it too). */
  ReentrantLock lock(DatasetName ds) {
    return datasetLocks.computeIfAbsent(ds.value(), k -> new ReentrantLock());
  }

  /**
   * Makes and publishes the next version of {@code ds}; {@code composed} is its provenance when composed, and
   * {@code hook} puts the caller's rows in the publishing batch.
   */
  ImportResult make(DatasetName ds, ImportOptions options, Composition composed, PublishHook hook, TreeMaker maker) {
    return make(ds, options, composed, null, hook, maker);
  }

  /** {@link #make}, for a version imported from another registry: {@code source} says where from. */
  ImportResult make(DatasetName ds, ImportOptions options, Composition composed, ImportSource source,
                    PublishHook hook, TreeMaker maker) {
    ReentrantLock lock = lock(ds);
    lock.lock();
    writing().lock();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "datafs-ingest");
      t.setDaemon(true);
      return t;
    });
    try (WriteSession session = new WriteSession(layout.packs(), kv, objects, metadata)) {
      // decided first, under the dataset's lock: a semantic version that is not higher stops before any work
      Semver semver = options.semver() == null ? null : options.semver().resolve(ds, catalog.tags(ds));
      long headNumber = catalog.head(ds);
      Version head = headNumber == 0 ? null : catalog.version(ds, headNumber).orElseThrow();
      long number = headNumber + 1;
      FileIngester files = new FileIngester(new FastCdc(settings.chunker()), settings.chunker().min(), session);
      AnnotationIngest ingest = options.indexAnnotations() ? annotations.ingest() : null;
      files.indexAnnotations(ingest);
      NewTree tree = maker.make(session, files, pool, head, number);
      session.finish();
      if (ingest != null) ingest.finish();
      VersionRecord record = new VersionRecord(VersionRecord.FORMAT, ds.value(), number, tree.root().hex(),
          head == null ? null : head.id().hex(), options.message(), options.author(), Instant.now().toString(),
          options.metadata(), tree.totals(), composed, source);
      Version v = VersionCodec.seal(record);
      KvBatch batch = new KvBatch();
      boolean published = false;
      try { // a hook that fails in prepare is told too: it may hold something (a mount's lock) until finished
        hook.prepare(v, batch);
        catalog.publish(v, semver == null ? List.of() : List.of(semver.tag()), batch);
        published = true;
      } finally {
        hook.finished(v, published);
      }
      AnnotationIndex.Report indexed = options.indexAnnotations() ? annotations.indexQuietly(metadata, v, false)
          : AnnotationIndex.Report.NONE;
      if (ingest != null) indexed = new AnnotationIndex.Report(indexed.parsed() + ingest.parsed(), indexed.invalid());
      return new ImportResult(v, session.chunksAdded(), session.storedBytesAdded(), indexed, semver);
    } finally {
      pool.shutdownNow();
      awaitQuietly(pool);
      writing().unlock();
      lock.unlock();
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
