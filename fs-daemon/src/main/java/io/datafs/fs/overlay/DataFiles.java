package io.datafs.fs.overlay;

import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The content of an overlay's staged files: one plain file per staged file under {@code overlays/<id>/data/},
 * named by a number, never by path, so a rename is a change of rows and not of files. A data file's own size and
 * mtime are the staged file's.
 */
final class DataFiles {
  private final Path dir;
  /** Whether a data file was made since the directory was last synced: its entry could still be lost to a power cut. */
  private final AtomicBoolean newEntries = new AtomicBoolean();

  DataFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      // overlays/<id>/data and overlays/<id> may be new: their entries are durable before a staged file is
      sync(dir.getParent().getParent());
      sync(dir.getParent());
    } catch (IOException e) {
      throw io("create " + dir, e);
    }
  }

  /**
   * Makes the entries of the data files made so far durable: an fsync of a staged file asks for this, since syncing a
   * file's content does not make its name durable (POSIX: that takes an fsync of its directory).
   */
  void syncEntries() {
    if (!newEntries.getAndSet(false)) return;
    try {
      sync(dir);
    } catch (IOException e) {
      newEntries.set(true);
      throw io("sync " + dir, e);
    }
  }

  private static void sync(Path directory) throws IOException {
    try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  Path dir() {
    return dir;
  }

  Path path(String name) {
    return dir.resolve(name);
  }

  /** A new empty data file. */
  String create() {
    try {
      newEntries.set(true);
      return Files.createTempFile(dir, "f", "").getFileName().toString();
    } catch (IOException e) {
      throw io("create a staged file in " + dir, e);
    }
  }

  FileChannel open(String name) {
    try {
      return FileChannel.open(path(name), StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw io("open staged file " + name + " (removed behind datafs's back?)", e);
    }
  }

  BasicFileAttributes stat(String name) {
    try {
      return Files.readAttributes(path(name), BasicFileAttributes.class);
    } catch (IOException e) {
      throw io("stat staged file " + path(name) + " (removed behind datafs's back?)", e);
    }
  }

  /** A data file's size and times, its ctime moved by every write, truncate and change of its mtime. */
  record Times(long size, long mtimeNanos, long ctimeNanos) {}

  Times times(String name) {
    try {
      Map<String, Object> a = Files.readAttributes(path(name), "unix:size,lastModifiedTime,ctime");
      return new Times((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
          nanos((FileTime) a.get("ctime")));
    } catch (IOException e) {
      throw io("stat staged file " + path(name) + " (removed behind datafs's back?)", e);
    }
  }

  void setMtime(String name, long nanos) {
    try {
      Files.setLastModifiedTime(path(name), FileTime.from(nanos, TimeUnit.NANOSECONDS));
    } catch (IOException e) {
      throw io("set the mtime of staged file " + name, e);
    }
  }

  void delete(String name) {
    try {
      Files.deleteIfExists(path(name));
    } catch (IOException e) {
      throw io("delete staged file " + name, e);
    }
  }

  List<String> names() {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.map(p -> p.getFileName().toString()).toList());
    } catch (IOException e) {
      throw io("list " + dir, e);
    }
  }

  /** Bytes the data files hold now (their sizes; a file removed meanwhile counts nothing). */
  long totalBytes() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw io("list " + dir, e);
    }
  }

  static long nanos(FileTime t) {
    Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** An I/O failure as an errno: a full disk is ENOSPC, a size past what the overlay's disk allows EFBIG, else EIO. */
  static FsException io(String doing, IOException e) {
    String m = String.valueOf(e.getMessage());
    Errno errno = m.contains("No space left") || m.contains("Disk quota") ? Errno.ENOSPC
        : m.contains("File too large") ? Errno.EFBIG : Errno.EIO;
    return new FsException(errno, "cannot " + doing + ": " + m);
  }
}
