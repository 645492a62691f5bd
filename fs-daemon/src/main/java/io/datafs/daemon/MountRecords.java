package io.datafs.daemon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.store.HomeCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The mounts a restarted daemon mounts again: one small file per mount, {@code mounts/<SHA-256 of its directory>.json}.
 * A record is written to a temporary file, synced, and renamed over the old one; forgetting a mount is an unlink,
 * which needs no free space, so {@code datafs umount} forgets a mount even on a full disk (rewriting one file that
 * lists every mount, as {@code mounts.json} was, needed room for the whole new list). A {@code mounts.json} left by
 * an older datafs is moved into record files the first time they are loaded.
 */
final class MountRecords {
  private static final System.Logger LOG = System.getLogger("datafs.daemon");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final Path legacy;

  /**
   * @param dir where the record files are ({@code $DATAFS_HOME/mounts})
   * @param legacy the single file of an older datafs ({@code $DATAFS_HOME/mounts.json}), moved into {@code dir}
   */
  MountRecords(Path dir, Path legacy) {
    this.dir = dir;
    this.legacy = legacy;
  }

  /**
   * Every recorded mount, parents before the mounts inside them. Unreadable records are logged and skipped; temporary
   * files of a write a killed daemon did not finish are deleted (the caller is the only daemon of the home).
   */
  List<MountRecord> load() {
    migrate();
    List<MountRecord> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    } catch (NoSuchFileException none) {
      return out;
    } catch (IOException e) {
      throw new StoreIoException("cannot list the mounts records in " + dir, e);
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.startsWith(".")) {
        deleteQuietly(f);
      } else if (name.endsWith(SUFFIX)) {
        try {
          out.add(JSON.readValue(HomeCheck.read(f), MountRecord.class));
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "ignoring unreadable mount record " + f + ": " + e.getMessage());
        }
      }
    }
    out.sort(Comparator.comparing(MountRecord::dir));
    return out;
  }

  /** Records {@code r}, replacing the record of its directory if there is one. */
  void save(MountRecord r) {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      HomeCheck.replace(file(r.dir()), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
    } catch (IOException e) {
      throw new StoreIoException("cannot record the mount at " + r.dir() + " in " + dir, e);
    }
  }

  /** Whether a mount at {@code mountDir} is recorded. */
  boolean has(String mountDir) {
    return Files.exists(file(mountDir));
  }

  /** Forgets the mount at {@code mountDir}: one unlink, which a full disk does not refuse. */
  void forget(String mountDir) {
    try {
      Files.deleteIfExists(file(mountDir));
    } catch (IOException e) {
      throw new StoreIoException("cannot forget the mount at " + mountDir + " in " + dir, e);
    }
  }

  private Path file(String mountDir) {
    return dir.resolve(ObjectId.hash(mountDir.getBytes(StandardCharsets.UTF_8)).hex() + SUFFIX);
  }

  /** Moves the records of an older datafs's {@code mounts.json} into files, then removes it. */
  private void migrate() {
    List<MountRecord> old;
    try {
      old = JSON.readValue(HomeCheck.read(legacy), new TypeReference<List<MountRecord>>() {});
    } catch (NoSuchFileException none) {
      return;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring unreadable " + legacy + ": " + e.getMessage());
      return;
    }
    for (MountRecord r : old) save(r);
    deleteQuietly(legacy);
    deleteQuietly(legacy.resolveSibling(legacy.getFileName() + ".tmp"));
    LOG.log(System.Logger.Level.INFO, "moved " + old.size() + " mount record(s) from " + legacy + " into " + dir);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + p + ": " + e.getMessage());
    }
  }
}
