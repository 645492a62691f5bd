package io.datafs.fs;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DamagedCopyException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.repo.VersionReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where reads of a version get its chunks, decided once per chunk of an open file ({@link #access}), and checked then,
 * so that every open checks again what it serves and bytes damaged on disk after an earlier read are never served:
 * <ul>
 *   <li>a chunk stored as-is in a local pack is a view of the mapped pack, checked against its CRC32C;
 *   <li>a chunk of a remote pack is a file of the chunk cache on disk, checked against the CRC32C of bytes that hashed
 *       to its id (a damaged file is dropped and fetched again), and read in place into the caller's buffer; once read
 *       to its end, its pages leave memory ({@link #readThrough});
 *   <li>any other chunk (compressed, or one the disk cache could not keep) is decoded and verified against its id
 *       once, then served from the daemon's shared {@link ChunkCache}, in memory.
 * </ul>
 * The first two copy the bytes once, from the page cache to the reader: no heap copy, no allocation. A chunk that fails
 * its check is logged once per open file, naming the version, the path, the object and the pack or cache file, and
 * every read of it by that open file is EIO. Thread-safe.
 */
public final class Chunks {
  private static final System.Logger LOG = System.getLogger("datafs.fs");
  private final VersionReader reader;
  private final ChunkCache cache;
  private final LongAdder views = new LongAdder();
  private final LongAdder cacheFiles = new LongAdder();
  private final boolean kernelKeepsPages;

  /**
   * @param kernelKeepsPages whether the mount keeps what it read in the kernel's page cache ({@code kernel_cache}):
   *                         then a cache file read to its end can leave memory ({@link #readThrough})
   */
  public Chunks(VersionReader reader, ChunkCache cache, boolean kernelKeepsPages) {
    this.reader = reader;
    this.cache = cache;
    this.kernelKeepsPages = kernelKeepsPages;
  }

  /** How reads get one chunk's bytes. */
  sealed interface Access permits Mapped, CacheFile, Loaded, Damaged {
    /**
     * Copies {@code length} bytes of the chunk, from {@code from}, to {@code dst} at its position, and advances it.
     *
     * @throws Evicted when the chunk's cache file was evicted since: ask {@link #access} again
     */
    void copy(int from, int length, ByteBuffer dst);
  }

  /** A chunk's cache file was evicted between the decision and the read. */
  static final class Evicted extends RuntimeException {
    Evicted() {
      super(null, null, false, false);
    }
  }

  /**
   * Decides how chunk {@code id} of {@code length} bytes of the file at {@code path} is read, fetching or loading it
   * first if need be (so this is also how a chunk is read ahead), and checks it. A chunk that fails its check is
   * answered with an access that fails every read ({@link Damaged}), which the open file reports once.
   */
  Access access(String path, ObjectId id, int length) {
    try {
      ByteBuffer view = reader.rawView(id); // checked against its CRC32C just now
      if (view != null) {
        if (view.remaining() != length) throw wrongLength(id, view.remaining(), length);
        views.increment();
        return new Mapped(view);
      }
      Path file = cachedFile(path, id);
      if (file != null) {
        cacheFiles.increment();
        return new CacheFile(id, file);
      }
      load(id);
      return new Loaded(this, id);
    } catch (CorruptObjectException e) {
      return new Damaged(e);
    }
  }

  /** Logs a chunk of the file at {@code path} that failed its check: one line naming the file, object, store file. */
  void report(String path, Damaged d) {
    LOG.log(System.Logger.Level.ERROR, where(path) + ": " + d.failure().getMessage() + "; the read answers EIO");
  }

  /** The chunk's cache file, checked just now; a damaged one is dropped (logged) and fetched again. */
  private Path cachedFile(String path, ObjectId id) {
    try {
      return reader.cachedFile(id);
    } catch (DamagedCopyException e) {
      LOG.log(System.Logger.Level.WARNING, where(path) + ": " + e.getMessage() + ": dropped, fetching it again");
      return reader.cachedFile(id);
    }
  }

  private String where(String path) {
    return reader.version().label() + ":" + path;
  }

  /**
   * A read reached the end of a chunk of {@code length} bytes it got by {@code a}: a cache file's pages can leave
   * memory, as the mount's page cache holds its bytes now ({@link CachePages}). Not on a mount without kernel caching
   * (a writable one), where the cache file's pages are what keeps a file read again in memory.
   */
  void readThrough(Access a, int length) {
    if (kernelKeepsPages && length >= CachePages.MIN_BYTES && a instanceof CacheFile c) {
      CachePages.SHARED.readThrough(c.file());
    }
  }

  /** The chunk's bytes through the shared cache. */
  byte[] load(ObjectId id) {
    return cache.get(id, reader::readChunk);
  }

  /** Views made and checked so far. */
  long views() {
    return views.sum();
  }

  /** Chunks read from files of the chunk cache so far. */
  long cacheFiles() {
    return cacheFiles.sum();
  }

  static CorruptObjectException wrongLength(ObjectId id, long has, int expected) {
    return new CorruptObjectException(id, "chunk " + id.shortHex(12) + " has " + has + " bytes, not " + expected);
  }

  /** A view of a mapped local pack. */
  record Mapped(ByteBuffer view) implements Access {
    @Override
    public void copy(int from, int length, ByteBuffer dst) {
      dst.put(view.slice(from, length));
    }
  }

  /** A file of the chunk cache, read in place: one pread into the reader's buffer. */
  record CacheFile(ObjectId id, Path file) implements Access {
    @Override
    public void copy(int from, int length, ByteBuffer dst) {
      ByteBuffer into = dst.slice(dst.position(), length);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        while (into.hasRemaining()) {
          if (ch.read(into, from + into.position()) < 0) throw wrongLength(id, ch.size(), from + length);
        }
      } catch (NoSuchFileException evicted) {
        throw new Evicted();
      } catch (IOException e) {
        throw new StoreIoException("reading cached chunk " + file, e);
      }
      dst.position(dst.position() + length);
    }
  }

  /** A chunk that failed its check: every read of it by the open file that asked is EIO, without asking again. */
  record Damaged(CorruptObjectException failure) implements Access {
    @Override
    public void copy(int from, int length, ByteBuffer dst) {
      throw failure;
    }
  }

  /** A chunk served from the shared {@link ChunkCache}, loaded again if it was dropped there. */
  record Loaded(Chunks chunks, ObjectId id) implements Access {
    @Override
    public void copy(int from, int length, ByteBuffer dst) {
      byte[] b = chunks.load(id);
      if (b.length < from + length) throw wrongLength(id, b.length, from + length);
      dst.put(b, from, length);
    }
  }
}
