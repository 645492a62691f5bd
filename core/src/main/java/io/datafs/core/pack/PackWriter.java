package io.datafs.core.pack;

import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one pack (see {@link PackFormat}) into {@code packsDir/tmp/}; {@link #seal()} moves it under
 * its id once it is complete and durable, so nothing half-written ever has a pack name.
 * Thread-safe: ingest threads append concurrently. Any I/O failure aborts the pack.
 */
public final class PackWriter implements AutoCloseable {
  private static final int BUFFER_SIZE = 1 << 20;

  private final Path packsDir;
  private final PackKind kind;
  private final Path tmp;
  private final FileChannel ch;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
  private final Map<ObjectId, PackEntry> entries = new HashMap<>();
  private long size;
  private boolean done;

  private PackWriter(Path packsDir, PackKind kind, Path tmp, FileChannel ch) {
    this.packsDir = packsDir;
    this.kind = kind;
    this.tmp = tmp;
    this.ch = ch;
  }

  public static PackWriter create(Path packsDir, PackKind kind) {
    Path tmp = null;
    try {
      Path tmpDir = Files.createDirectories(Packs.tmpDir(packsDir));
      tmp = Files.createTempFile(tmpDir, "pack-", ".tmp");
      PackWriter w = new PackWriter(packsDir, kind, tmp,
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.READ));
      w.put(PackFormat.header(kind), 0, PackFormat.HEADER_LENGTH);
      return w;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StoreIoException("creating a pack in " + packsDir, e);
    }
  }

  /** Appends an object; an id already in this pack returns its first entry and writes nothing. */
  public synchronized PackEntry append(ObjectId id, ObjectType type, Encoded encoded) {
    checkOpen();
    PackEntry existing = entries.get(id);
    if (existing != null) return existing;
    int crc = PackFormat.crc32c(encoded.bytes(), encoded.offset(), encoded.length());
    PackEntry e = new PackEntry(id, type, encoded.codec(), size + PackFormat.RECORD_HEADER_LENGTH, encoded.length(),
        encoded.rawLength(), crc);
    try {
      put(PackFormat.recordHeader(e), 0, PackFormat.RECORD_HEADER_LENGTH);
      put(encoded.bytes(), encoded.offset(), encoded.length());
    } catch (IOException ex) {
      throw fail("writing pack " + tmp, ex);
    }
    entries.put(id, e);
    return e;
  }

  /** Bytes written so far. */
  public synchronized long size() {
    return size;
  }

  public synchronized int objectCount() {
    return entries.size();
  }

  public synchronized boolean contains(ObjectId id) {
    return entries.containsKey(id);
  }

  /** Completes the pack: writes the index, makes it durable, checks it reads back, and moves it under its id. */
  public synchronized SealedPack seal() {
    checkOpen();
    List<PackEntry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparing(PackEntry::id));
    try {
      long indexOffset = size;
      byte[] index = PackIndex.encode(sorted);
      byte[] footer = new PackFormat.Footer(indexOffset, index.length, PackFormat.crc32c(index)).encode();
      put(index, 0, index.length);
      put(footer, 0, footer.length);
      flush();
      ch.force(true);
      verify(indexOffset, sorted);
      ch.close();
      ObjectId id = ObjectId.hash(index); // see PackFormat: a pack is named by its index

      moveIntoPlace(Packs.path(packsDir, id));
      done = true;
      return new SealedPack(id, kind, size, sorted);
    } catch (IOException e) {
      throw fail("sealing pack " + tmp, e);
    }
  }

  /** Aborts the pack unless it was sealed: the temp file is deleted. */
  @Override
  public synchronized void close() {
    if (done) return;
    done = true;
    try {
      ch.close();
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      throw new StoreIoException("deleting aborted pack " + tmp, e);
    }
  }

  /** Reads the trailer back from the file: a pack that does not parse must never get a name. */
  private void verify(long indexOffset, List<PackEntry> sorted) throws IOException {
    long onDisk = ch.size();
    if (onDisk != size) throw new IOException("pack is " + onDisk + " bytes on disk, " + size + " were written");
    PackFormat.Contents read;
    try {
      read = PackFormat.read(ch, size);
    } catch (IllegalArgumentException e) {
      throw new IOException("pack does not read back: " + e.getMessage(), e);
    }
    if (read.kind() != kind || read.indexOffset() != indexOffset || !read.entries().equals(sorted)) {
      throw new IOException("pack index reads back different from what was written");
    }
  }

  private void moveIntoPlace(Path target) throws IOException {
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectory(dir);
        fsyncDirectory(packsDir);
      } catch (FileAlreadyExistsException raced) {
        // another writer created it first
      }
    }
    if (Files.exists(target)) {
      Files.delete(tmp); // same id, same bytes: the pack is already there
      return;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(dir);
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private void put(byte[] src, int off, int len) throws IOException {
    size += len;
    while (len > 0) {
      int n = Math.min(len, buffer.remaining());
      buffer.put(src, off, n);
      off += n;
      len -= n;
      if (!buffer.hasRemaining()) flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) ch.write(buffer);
    buffer.clear();
  }

  private void checkOpen() {
    if (done) throw new IllegalStateException("pack writer for " + tmp + " is already sealed or closed");
  }

  /** Aborts after an I/O failure and returns the exception to throw. */
  private StoreIoException fail(String doing, IOException e) {
    done = true;
    try {
      ch.close();
    } catch (IOException ignored) {
      // the original failure is what matters
    }
    deleteQuietly(tmp);
    return new StoreIoException(doing, e);
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // leftovers in tmp/ are garbage by definition
    }
  }
}
