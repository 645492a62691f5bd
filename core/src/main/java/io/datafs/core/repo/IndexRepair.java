package io.datafs.core.repo;

import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.dataset.DatasetMetaCodec;
import io.datafs.core.dataset.MetaCatalog;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.SealedPack;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.LocalRecords;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.store.PackRow;
import io.datafs.core.store.StoreLayout;
import io.datafs.core.sync.TagRecord;
import io.datafs.core.sync.TreeObjects;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * Rebuilds a lost index (RocksDB) from what the store keeps outside it: the objects, metadata and pack rows from the
 * indexes of the packs in {@code packs/}, the versions, heads, tags and dataset metadata from the record files
 * ({@link LocalRecords}).
 * It only adds what the index lacks, so it may run on any store. What it cannot rebuild it says, one line each: a
 * version whose record or tree is missing or damaged (and the later versions of its dataset), content that stayed on
 * a remote (its packs were never here; a pull fetches them again), and the staged changes of writable mounts, which
 * lived only in the index (their data files are set aside, not deleted).
 */
final class IndexRepair {
  private final StoreLayout layout;
  private final KvStore kv;
  private final Catalog catalog;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final LocalRecords records;
  private final MetaCatalog metas;
  private final List<String> notRebuilt = new ArrayList<>();
  private long packs;
  private long objectCount;
  private long versions;
  private long datasets;
  private long tags;
  private long metaRecords;

  IndexRepair(StoreLayout layout, KvStore kv, Catalog catalog, LocalObjects objects, MetadataObjects metadata,
              LocalRecords records, MetaCatalog metas) {
    this.layout = layout;
    this.kv = kv;
    this.catalog = catalog;
    this.objects = objects;
    this.metadata = metadata;
    this.records = records;
    this.metas = metas;
  }

  /**
   * Why the index cannot be used, or null when it can: it was just created (it holds no settings) although the store
   * holds packs or version or dataset metadata records, or it holds no version and no dataset metadata although such
   * records exist.
   */
  static String lost(StoreLayout layout, boolean settingsWritten, Catalog catalog, MetaCatalog metas,
                     LocalRecords records) {
    boolean noVersions = catalog.datasets().isEmpty() && metas.datasets().isEmpty();
    if (settingsWritten && !noVersions) return null; // the usual open: no folder of the store is listed
    long recordFiles = records.versionCount();
    long metaFiles = records.metaFiles().values().stream().mapToLong(m -> m.size()).sum();
    if (settingsWritten && recordFiles + metaFiles == 0) return null;
    long packFiles = packFiles(layout.packs()).size();
    if (packFiles == 0 && recordFiles + metaFiles == 0) return null; // a new store
    return "the store's index " + layout.db() + " is missing or empty, but the store holds " + packFiles
        + " pack(s) and " + recordFiles + " version record(s)"
        + (metaFiles == 0 ? "" : " and " + metaFiles + " dataset metadata record(s)")
        + ": run `datafs verify --repair` to rebuild it";
  }

  RepairReport run() {
    for (Path f : packFiles(layout.packs())) indexPack(f);
    kv.write(new KvBatch().sync()); // the packs' rows are durable before versions name them
    for (Map.Entry<String, SortedMap<Long, Path>> ds : records.versionFiles().entrySet()) {
      restoreVersions(ds.getKey(), ds.getValue());
    }
    for (Map.Entry<String, SortedMap<String, Path>> ds : records.tagFiles().entrySet()) {
      for (Map.Entry<String, Path> t : ds.getValue().entrySet()) restoreTag(ds.getKey(), t.getKey(), t.getValue());
    }
    for (Map.Entry<String, SortedMap<Long, Path>> ds : records.metaFiles().entrySet()) {
      restoreMetas(ds.getKey(), ds.getValue());
    }
    setOverlaysAside();
    return new RepairReport(packs, objectCount, versions, datasets, tags, metaRecords, List.copyOf(notRebuilt));
  }

  private void indexPack(Path file) {
    ObjectId id = ObjectId.fromHex(file.getFileName().toString());
    PackRow row = objects.pack(id);
    if (row != null && row.isLocal()) return;
    try (PackReader r = PackReader.open(file)) {
      if (!r.computeId().equals(id)) {
        notRebuilt.add("pack " + id.hex() + " does not hash to its name: its objects are not indexed");
        return;
      }
      KvBatch batch = new KvBatch();
      if (r.kind() == PackKind.METADATA) {
        for (PackEntry e : r.entries()) {
          batch.put(Table.METADATA, e.id().toBytes(), r.read(e)); // each checked by its id
        }
      }
      LocalObjects.index(new SealedPack(id, r.kind(), r.size(), r.entries()), batch);
      kv.write(batch);
      objects.forget(id);
      packs++;
      objectCount += r.entries().size();
    } catch (DatafsException e) {
      notRebuilt.add("pack " + id.hex() + " is damaged (" + e.getMessage() + "): its objects are not indexed");
    }
  }

  /** Versions 1, 2, ... of a dataset's record files, in order, up to the first that cannot be restored. */
  private void restoreVersions(String dsFolder, SortedMap<Long, Path> files) {
    DatasetName ds;
    try {
      ds = new DatasetName(dsFolder);
    } catch (DatafsException e) {
      notRebuilt.add(records.versionsDir().resolve(dsFolder) + ": not a dataset name, its records are not restored");
      return;
    }
    TreeObjects trees = new TreeObjects(metadata, false);
    Version parent = null;
    long restored = 0;
    for (Map.Entry<Long, Path> f : files.entrySet()) {
      long n = f.getKey();
      String why = null;
      Version v = null;
      long expected = parent == null ? 1 : parent.record().number() + 1;
      boolean next = n == expected;
      try {
        v = VersionCodec.decode(LocalRecords.read(f.getValue()));
        why = next ? mismatch(v, ds, n, parent) : afterRemoved(v, ds, n) ? null
            : "there is no record of " + ds + "@v" + expected;
      } catch (DatafsException e) {
        why = next ? f.getValue() + " is damaged (" + e.getMessage() + ")" : "there is no record of " + ds + "@v"
            + expected;
      }
      if (why == null) why = restore(v, trees, !next);
      if (why != null) {
        String versions = ds + "@v" + n + (n < files.lastKey() ? " to v" + files.lastKey() : "");
        notRebuilt.add(versions + " not restored: " + why);
        break;
      }
      parent = v;
      restored++;
    }
    if (restored > 0) datasets++;
  }

  /** Why record {@code v} (of file {@code n} in the folder of {@code ds}) cannot be that version, or null. */
  private static String mismatch(Version v, DatasetName ds, long n, Version parent) {
    if (!v.record().dataset().equals(ds.value()) || v.record().number() != n) {
      return "its record names " + v.label() + ", not " + ds + "@v" + n;
    }
    String expected = parent == null ? null : parent.id().hex();
    if (!Objects.equals(v.record().parent(), expected)) {
      return "its record does not name v" + (n - 1) + " as its parent";
    }
    return null;
  }

  /**
   * Whether record {@code v}, after a gap, is version {@code n} of {@code ds} following versions removed here
   * ({@code retain}): the tombstone of {@code n - 1} names the id {@code v} names as its parent.
   */
  private boolean afterRemoved(Version v, DatasetName ds, long n) {
    String parent = v.record().parent();
    return v.record().dataset().equals(ds.value()) && v.record().number() == n && n > 1 && parent != null
        && records.wasRemoved(ds, n - 1, ObjectId.fromHex(parent));
  }

  /** Puts {@code v} back (the index may hold it already); why it cannot be, or null. */
  private String restore(Version v, TreeObjects trees, boolean afterRemoved) {
    Optional<Version> mine = catalog.version(v.record().datasetName(), v.record().number());
    if (mine.isPresent()) return mine.get().id().equals(v.id()) ? null : "the index holds another " + v.label();
    long[] missing = {0};
    try {
      trees.walk(v, v.record().number() - 1, new TreeObjects.Visitor() {
        @Override public void metadata(ObjectId id) {}

        @Override public void chunk(ObjectId id) {
          if (!objects.hasChunk(id)) missing[0]++;
        }
      });
    } catch (DatafsException e) {
      return "its tree is not whole in the local packs (" + e.getMessage() + ")";
    }
    try {
      if (afterRemoved) {
        catalog.publishAfterRemoved(v, null);
      } else {
        catalog.publish(v, new KvBatch());
      }
    } catch (ConflictException e) {
      return e.getMessage();
    }
    versions++;
    if (missing[0] > 0) {
      notRebuilt.add(v.label() + ": " + missing[0] + " chunk(s) of its files are in no local pack (their content"
          + " stayed on the remote it was pulled from): `datafs pull " + v.label() + "` fetches them again");
    }
    return null;
  }

  /** Metadata records 1, 2, ... of a dataset's files, in order, up to the first that cannot be restored. */
  private void restoreMetas(String dsFolder, SortedMap<Long, Path> files) {
    long expected = 1;
    for (Map.Entry<Long, Path> f : files.entrySet()) {
      String why;
      if (f.getKey() != expected) {
        why = "there is no record of " + dsFolder + " meta#" + expected;
      } else {
        try {
          DatasetMeta m = DatasetMetaCodec.decode(LocalRecords.read(f.getValue()), f.getValue().toString());
          if (!m.record().dataset().equals(dsFolder) || m.record().number() != f.getKey()) {
            why = "its record names " + m.label();
          } else {
            Optional<DatasetMeta> mine = metas.history(m.record().datasetName()).stream()
                .filter(h -> h.record().number() == f.getKey()).findFirst();
            if (mine.isEmpty()) metas.publish(m); // checks that it names the one before as its parent
            else if (!mine.get().id().equals(m.id())) {
              throw new ConflictException("the index holds another " + m.label());
            }
            why = null;
          }
        } catch (DatafsException e) {
          why = e.getMessage();
        }
      }
      if (why != null) {
        notRebuilt.add(dsFolder + " meta#" + f.getKey()
            + (f.getKey() < files.lastKey() ? " to #" + files.lastKey() : "") + " not restored: " + why);
        return;
      }
      metaRecords++;
      expected++;
    }
  }

  private void restoreTag(String dsFolder, String tagName, Path file) {
    try {
      TagRecord t = TagRecord.decode(LocalRecords.read(file), file.toString());
      if (!t.dataset().value().equals(dsFolder) || !t.tag().value().equals(tagName)) {
        notRebuilt.add("tag " + dsFolder + "@" + tagName + " not restored: " + file + " names " + t.dataset() + "@"
            + t.tag());
        return;
      }
      Optional<Version> v = catalog.version(t.dataset(), t.version());
      if (v.isEmpty() || !v.get().id().equals(t.id())) {
        notRebuilt.add("tag " + t.dataset() + "@" + t.tag() + " not restored: it names v" + t.version()
            + ", which is not restored");
        return;
      }
      if (!catalog.tags(t.dataset()).containsKey(t.tag().value())) tags++;
      catalog.tag(v.get(), t.tag());
    } catch (DatafsException e) {
      notRebuilt.add("tag " + dsFolder + "@" + tagName + " not restored: " + e.getMessage());
    }
  }

  /**
   * A writable mount's staged changes are rows of the index only: without them its data files are numbers without
   * names, which a writable mount of that folder would delete as unused. They are moved to {@code <id>.lost} instead.
   */
  private void setOverlaysAside() {
    boolean[] anyRow = {false};
    kv.scan(Table.OVERLAYS, new byte[0], (k, v) -> {
      anyRow[0] = true;
      return false;
    });
    if (anyRow[0]) return; // overlays the index knows: none of its staged rows was lost
    List<Path> dirs;
    try (Stream<Path> s = Files.list(layout.overlays())) {
      dirs = s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().endsWith(".lost")).sorted().toList();
    } catch (IOException e) {
      return; // no overlays folder: nothing was staged
    }
    for (Path d : dirs) {
      Path aside = d.resolveSibling(d.getFileName() + ".lost");
      try {
        if (isEmpty(d.resolve("data"))) continue;
        Files.move(d, aside);
        notRebuilt.add("the staged changes of a writable mount lived in the index and are lost: its staged files' bytes"
            + " are kept in " + aside.resolve("data") + " (named by number, not path)");
      } catch (IOException e) {
        notRebuilt.add("the staged changes of a writable mount lived in the index and are lost; its files in " + d
            + " could not be set aside: " + e.getMessage());
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return true;
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** The pack files of {@code packs/<aa>/}, by name; {@code packs/tmp} and stray names are not packs. */
  static List<Path> packFiles(Path packsDir) {
    try (Stream<Path> s = Files.walk(packsDir, 2)) {
      return s.filter(p -> p.getNameCount() == packsDir.getNameCount() + 2 && Files.isRegularFile(p)
              && p.getFileName().toString().matches("[0-9a-f]{64}")
              && !p.getParent().getFileName().toString().equals("tmp"))
          .sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
