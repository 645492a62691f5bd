package io.datafs.core.store;

import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.dataset.DatasetMetaCodec;
import io.datafs.core.dataset.MetaCatalog;
import io.datafs.core.dataset.MetaMirror;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.sync.TagRecord;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.CatalogMirror;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Version records, tags and dataset metadata records as files, outside the index, in the layout a remote keeps them:
 * {@code records/versions/<ds>/<N>.json} (the version's canonical JSON, which hashes to its id),
 * {@code records/tags/<ds>/<tag>.json} ({@link TagRecord}) and {@code records/datasets/<ds>/meta/<N>.json} (a
 * {@link DatasetMeta}'s canonical JSON). What {@code verify --repair} rebuilds the index's versions, heads, tags and
 * dataset metadata from when the index is lost; the packs hold everything else.
 *
 * <p>A file is written once the index has published its version or tag, with the create-only write of a folder remote
 * ({@link LocalFolderRemote#create}: a temporary file, fsynced, linked to its name, which fails if the name is taken,
 * and the folder fsynced), so no file names what the index did not publish. A
 * crash between the two leaves the index ahead of the files: {@link #backfill}, run whenever the store opens with its
 * index, writes what is missing, as it does for a store made before these files existed. A failure to write one is
 * logged, never failing a publish that has happened; the next backfill writes it.
 */
public final class LocalRecords implements CatalogMirror, MetaMirror {
  private static final System.Logger LOG = System.getLogger("datafs.store");
  private static final String SUFFIX = ".json";
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final Path dir;
  /** The same folder as a remote: its create-only writes are what a record file needs. */
  private final LocalFolderRemote folder;

  public LocalRecords(Path dir) {
    this.dir = dir;
    this.folder = new LocalFolderRemote(RemoteUrl.parse(dir.toAbsolutePath().toString()));
  }

  /** {@code records/versions}: a folder per dataset, a file per version. */
  public Path versionsDir() {
    return dir.resolve("versions");
  }

  /** {@code records/tags}: a folder per dataset, a file per tag. */
  public Path tagsDir() {
    return dir.resolve("tags");
  }

  /** {@code records/datasets}: a folder per dataset, its metadata records in {@code meta/}. */
  public Path datasetsDir() {
    return dir.resolve("datasets");
  }

  @Override
  public void published(DatasetMeta m) {
    keep(RemoteLayout.meta(m.record().datasetName(), m.record().number()), DatasetMetaCodec.encode(m.record()));
  }

  @Override
  public void published(Version v) {
    keep(RemoteLayout.version(v.record().datasetName(), v.record().number()), VersionCodec.encode(v.record()));
  }

  @Override
  public void tagged(Version v, TagName tag) {
    keep(RemoteLayout.tag(v.record().datasetName(), tag), TagRecord.of(v, tag).encode());
  }

  /** Removes the files of a version and its tags the index dropped, so a repair does not bring them back. */
  @Override
  public void dropped(Version v, java.util.Collection<String> tags) {
    DatasetName ds = v.record().datasetName();
    remove(dir.resolve(RemoteLayout.version(ds, v.record().number()).value()));
    for (String t : tags) remove(tagsDir().resolve(ds.value()).resolve(t + SUFFIX));
  }

  private static void remove(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove the record " + file + ": " + e.getMessage());
    }
  }

  /**
   * Deletes the record files of versions being removed and of the tags naming them, and with {@code wholeDataset} its
   * metadata records: before the index forgets them, so a crash between the two leaves the index holding what the
   * files lack, which {@link #backfill} writes again (the removal did not happen), never files the index lacks, which
   * a repair of a lost index would bring back.
   */
  public void forget(DatasetName ds, List<Version> versions, Collection<String> tags, boolean wholeDataset) {
    try {
      for (String tag : tags) Files.deleteIfExists(tagsDir().resolve(ds.value()).resolve(tag + SUFFIX));
      for (Version v : versions) {
        Files.deleteIfExists(versionsDir().resolve(ds.value()).resolve(v.record().number() + SUFFIX));
      }
      if (wholeDataset) {
        for (Path f : metaFiles().getOrDefault(ds.value(), new TreeMap<>()).values()) Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new StoreIoException("cannot remove the record files of " + ds + " under " + dir, e);
    }
  }

  /**
   * Before the index forgets versions below the head ({@code retain}): a tombstone per version,
   * {@code records/removed/<ds>/<N>-<id>.json} (the removed record itself, as on a remote), by which a repair of a lost
   * index accepts the versions after it naming it as their parent; then their record files and their tags' files, as
   * {@link #forget} does. A tombstone that cannot be written stops the removal before any file goes.
   */
  public void retire(DatasetName ds, List<Version> versions, Collection<String> tags) {
    for (Version v : versions) {
      RemoteKey key = RemoteLayout.removed(ds, v.record().number(), v.id());
      try {
        Files.createDirectories(dir, OWNER_ONLY);
        folder.create(key, VersionCodec.encode(v.record())); // create-only: an existing tombstone is this one
      } catch (IOException e) {
        throw new StoreIoException("cannot write the tombstone " + dir.resolve(key.value()) + "; nothing removed", e);
      }
    }
    forget(ds, versions, tags, false);
  }

  @Override
  public void retired(Version removed) {
    keep(RemoteLayout.removed(removed.record().datasetName(), removed.record().number(), removed.id()),
        VersionCodec.encode(removed.record()));
  }

  /** The tombstones of {@code ds}'s removed versions kept here, oldest first (each the removed record). */
  public List<Version> tombstones(DatasetName ds) {
    List<Version> out = new ArrayList<>();
    Path folderOfDs = dir.resolve(RemoteLayout.REMOVED).resolve(ds.value());
    for (String f : names(folderOfDs)) {
      if (f.matches("[1-9][0-9]{0,17}-[0-9a-f]{64}\\.json")) {
        out.add(VersionCodec.decode(read(folderOfDs.resolve(f))));
      }
    }
    out.sort(Comparator.comparingLong(v -> v.record().number()));
    return out;
  }

  /** Whether this store removed version {@code number} of {@code ds} with id {@code id}: it keeps its tombstone. */
  public boolean wasRemoved(DatasetName ds, long number, ObjectId id) {
    return Files.exists(dir.resolve(RemoteLayout.removed(ds, number, id).value()));
  }

  /**
   * Writes the file of every version, valid tag and dataset metadata record the catalogs hold that has none; returns
   * how many were written. Temporary files of writes a killed process left an hour ago or more go first.
   */
  public int backfill(Catalog catalog, MetaCatalog metas) {
    folder.clearStaleTemporaries();
    int written = 0;
    for (DatasetName ds : catalog.datasets()) {
      Set<String> versions = names(versionsDir().resolve(ds.value()));
      for (Version v : catalog.versions(ds)) {
        if (!versions.contains(v.record().number() + SUFFIX)) {
          published(v);
          written++;
        }
      }
      Set<String> tags = names(tagsDir().resolve(ds.value()));
      for (Map.Entry<String, Long> t : catalog.tags(ds).entrySet()) {
        // a tag an older datafs allowed names no version now (Catalog.resolve): it gets no record, and a lost index
        // loses it
        if (tags.contains(t.getKey() + SUFFIX) || !TagName.isValid(t.getKey())) continue;
        catalog.version(ds, t.getValue()).ifPresent(v -> tagged(v, new TagName(t.getKey())));
        written++;
      }
    }
    for (DatasetName ds : metas.datasets()) {
      Set<String> files = names(metaDir(ds.value()));
      for (DatasetMeta m : metas.history(ds)) {
        if (!files.contains(m.record().number() + SUFFIX)) {
          published(m);
          written++;
        }
      }
    }
    if (written > 0) LOG.log(System.Logger.Level.INFO, "wrote " + written + " version and tag record(s) into " + dir);
    return written;
  }

  /** How many version records there are, of every dataset. */
  public long versionCount() {
    long n = 0;
    for (String ds : names(versionsDir())) n += versionFiles(versionsDir().resolve(ds)).size();
    return n;
  }

  /** The version record files of each dataset folder, by number; names that are not {@code <N>.json} are left out. */
  public SortedMap<String, SortedMap<Long, Path>> versionFiles() {
    SortedMap<String, SortedMap<Long, Path>> out = new TreeMap<>();
    for (String ds : names(versionsDir())) out.put(ds, versionFiles(versionsDir().resolve(ds)));
    return out;
  }

  /** The metadata record files of each dataset folder, by number; names that are not {@code <N>.json} are left out. */
  public SortedMap<String, SortedMap<Long, Path>> metaFiles() {
    SortedMap<String, SortedMap<Long, Path>> out = new TreeMap<>();
    for (String ds : names(datasetsDir())) out.put(ds, versionFiles(metaDir(ds)));
    return out;
  }

  private Path metaDir(String ds) {
    return datasetsDir().resolve(ds).resolve("meta");
  }

  /** The tag record files of each dataset folder. */
  public SortedMap<String, SortedMap<String, Path>> tagFiles() {
    SortedMap<String, SortedMap<String, Path>> out = new TreeMap<>();
    for (String ds : names(tagsDir())) {
      SortedMap<String, Path> tags = new TreeMap<>();
      for (String f : names(tagsDir().resolve(ds))) {
        if (f.endsWith(SUFFIX)) {
          tags.put(f.substring(0, f.length() - SUFFIX.length()), tagsDir().resolve(ds).resolve(f));
        }
      }
      out.put(ds, tags);
    }
    return out;
  }

  private static SortedMap<Long, Path> versionFiles(Path dsDir) {
    SortedMap<Long, Path> out = new TreeMap<>();
    for (String f : names(dsDir)) {
      if (f.matches("[1-9][0-9]{0,17}\\.json")) {
        out.put(Long.parseLong(f.substring(0, f.length() - SUFFIX.length())), dsDir.resolve(f));
      }
    }
    return out;
  }

  /** Creates the record file at {@code key} holding {@code bytes} unless it exists; logs, never throws. */
  private void keep(RemoteKey key, byte[] bytes) {
    try {
      Files.createDirectories(dir, OWNER_ONLY); // a home's folders are its owner's alone
      if (folder.create(key, bytes) == CreateResult.ALREADY_EXISTS && !Arrays.equals(folder.get(key), bytes)) {
        LOG.log(System.Logger.Level.WARNING, dir.resolve(key.value()) + " holds another record than the index's;"
            + " kept as it is");
      }
    } catch (IOException | DatafsException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write the record " + dir.resolve(key.value()) + " (written again"
          + " when the store next opens): " + e.getMessage());
    }
  }

  /** The names in folder {@code d}, sorted; none when it does not exist. */
  private static Set<String> names(Path d) {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    } catch (NoSuchFileException none) {
      return Set.of();
    } catch (IOException e) {
      throw new StoreIoException("cannot list " + d, e);
    }
  }

  /** The bytes of a record file, read without following a link. */
  public static byte[] read(Path file) {
    try {
      return HomeCheck.read(file);
    } catch (IOException e) {
      throw new StoreIoException("cannot read " + file, e);
    }
  }
}
