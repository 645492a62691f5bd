package io.datafs.core.sync;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackReader;
import io.datafs.core.pack.Packs;
import io.datafs.core.remote.BoundedInputStream;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Downloads whole packs into a staging folder and checks them as a local pack is checked when sealed: the file must
 * parse, its index must hash to the pack's name, every object must hash to its id and the index must be the one the
 * remote listed. Only then may {@link #install} move it under {@code packs/}, so the store never holds an unchecked
 * pack.
 */
final class PackFetcher {
  private final Remote remote;
  private final Path staging;

  /** @param staging a folder of this pull only, on the same filesystem as the packs */
  PackFetcher(Remote remote, Path staging) {
    this.remote = remote;
    this.staging = staging;
  }

  /**
   * Downloads and checks a pack (against the index already read, when given); returns its staged file.
   *
   * @param size the pack's size as its index says; a larger pack is refused before more of it is written
   */
  Path fetch(ObjectId pack, List<PackEntry> expected, long size) {
    Path file = staging.resolve(pack.hex());
    long got;
    try (InputStream in = remote.open(RemoteLayout.pack(pack))) {
      got = Files.copy(new BoundedInputStream(in, size + 1), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreIoException("downloading pack " + pack.shortHex(12) + " from " + remote.url(), e);
    }
    if (got > size) {
      deleteQuietly(file);
      throw new CorruptObjectException(null, "remote " + remote.url() + ": " + RemoteLayout.pack(pack)
          + " is larger than the " + size + " bytes its index says: refused");
    }
    try (PackReader r = PackReader.open(file)) {
      if (!r.computeId().equals(pack) || (expected != null && !r.entries().equals(expected))) {
        throw new CorruptObjectException(null, "pack " + pack.shortHex(12) + " from " + remote.url()
            + " does not match its name");
      }
      for (PackEntry e : r.entries()) r.read(e); // each object against its id; throws naming the bad one
    } catch (CorruptObjectException e) {
      deleteQuietly(file);
      throw new CorruptObjectException(e.objectId(), "remote " + remote.url() + ": " + e.getMessage());
    }
    return file;
  }

  /** Moves a fetched pack under its id in {@code packsDir}, durably; a pack already there is the same pack. */
  static void install(Path staged, Path packsDir, ObjectId pack) {
    Path target = Packs.path(packsDir, pack);
    try {
      try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        Files.delete(staged);
        return;
      }
      try {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(staged);
      }
      try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new StoreIoException("installing pack " + pack.shortHex(12) + " in " + packsDir, e);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // staging leftovers are garbage by definition
    }
  }

  /** Removes a staging folder and whatever is left in it. */
  static void deleteStaging(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) return;
    try (var files = Files.list(dir)) {
      files.forEach(PackFetcher::deleteQuietly);
    } catch (IOException | DatafsException ignored) {
      // best effort
    }
    deleteQuietly(dir);
  }
}
