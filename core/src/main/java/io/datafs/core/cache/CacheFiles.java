package io.datafs.core.cache;

import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.store.Leftovers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The files of the chunk cache: {@code chunks/<aa>/<id>}, written to {@code tmp/} and renamed into place. In a
 * directory shared by the users of a node ({@code cache.dir}), directories are made group-writable and chunk files
 * group-readable, so that each user's daemon reads what the others fetched (the directory's group, and its set-gid bit
 * that passes the group on, are the administrator's to set).
 */
final class CacheFiles {
  private static final System.Logger LOG = System.getLogger("datafs.cache");
  /** {@code <chunk id>-<pid>-<n>.tmp}: the name of a chunk being written, by process pid. */
  private static final Pattern TEMP_NAME = Pattern.compile("[0-9a-f]{64}-(\\d+)-\\d+\\.tmp");
  private static final long PID = ProcessHandle.current().pid(); // another process may share the cache
  private static final Set<PosixFilePermission> SHARED_DIR = PosixFilePermissions.fromString("rwxrwx---");
  private static final Set<PosixFilePermission> SHARED_FILE = PosixFilePermissions.fromString("rw-r-----");

  private final Path chunks;
  private final Path tmp;
  private final boolean shared;
  private final AtomicLong tempNames = new AtomicLong();
  private final Set<String> shards = ConcurrentHashMap.newKeySet(); // chunks/<aa> directories known to exist

  CacheFiles(Path dir, boolean shared) {
    this.chunks = dir.resolve("chunks");
    this.tmp = dir.resolve("tmp");
    this.shared = shared;
    try {
      directory(chunks);
      directory(tmp);
    } catch (IOException e) {
      throw new StoreIoException("creating the chunk cache in " + dir, e);
    }
  }

  Path chunks() {
    return chunks;
  }

  boolean shared() {
    return shared;
  }

  Path path(ObjectId id) {
    String hex = id.hex();
    return chunks.resolve(hex.substring(0, 2)).resolve(hex);
  }

  /** The size of the chunk's file another process may have written, or -1 when there is none. */
  long sizeOnDisk(ObjectId id) {
    try {
      return Files.size(path(id));
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Writes a chunk to a temp file and renames it into place; false (logged) when the disk refused. */
  boolean write(ObjectId id, byte[] raw, int off, int len) {
    Path f = path(id);
    // A name of our own (no SecureRandom), one open, and the shard directory made once: a prefetch writes
    // thousands of small chunks a second through here.
    Path t = tmp.resolve(id.hex() + "-" + PID + "-" + tempNames.incrementAndGet() + ".tmp");
    try {
      try {
        try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer b = ByteBuffer.wrap(raw, off, len);
          while (b.hasRemaining()) ch.write(b);
        }
        if (shared) Files.setPosixFilePermissions(t, SHARED_FILE); // whatever the umask
        if (shards.add(f.getParent().getFileName().toString())) directory(f.getParent());
        Files.move(t, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
      } catch (IOException e) {
        Files.deleteIfExists(t);
        throw e;
      }
    } catch (IOException e) {
      // A full or failing cache disk must not fail the read that fetched the chunk: it is only not kept.
      LOG.log(System.Logger.Level.WARNING, "cannot cache chunk " + id + " in " + chunks + ": " + e);
      return false;
    }
  }

  /** Removes temp files of the cache's own naming whose process is gone (anything else in tmp/ is not ours). */
  void clearLeftovers() {
    Leftovers.clearOfGoneProcesses(tmp, TEMP_NAME);
  }

  static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + f + ": " + e);
    }
  }

  /** Makes a directory; in a shared cache one the group may add to (a directory another user made is left as is). */
  private void directory(Path d) throws IOException {
    if (Files.isDirectory(d)) return;
    Files.createDirectories(d);
    if (shared) Files.setPosixFilePermissions(d, SHARED_DIR); // whatever the umask
  }
}
