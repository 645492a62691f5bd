package io.datafs.core.remote;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteNotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.store.Leftovers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A remote in a local folder (a shared disk, an NFS mount, a USB drive): each object is a file at its key's
 * path under the root. Every write goes to a temporary file in {@code .datafs-tmp/} that is fsynced and then
 * renamed into place, so readers see whole objects. A create-only write hard-links the finished temporary
 * file to its key: link(2) fails if the key exists, which no rename can promise. The root folder must exist,
 * as a bucket must. A killed writer leaves its temporary file behind: {@link #clearStaleTemporaries} (run by push)
 * deletes those an hour old.
 */
public final class LocalFolderRemote extends StorageRemote {
  static final String TMP = ".datafs-tmp";
  private static final String TMP_PREFIX = "obj-";
  private static final String TMP_SUFFIX = ".tmp";

  private final RemoteUrl url;
  private final Path root;

  public LocalFolderRemote(RemoteUrl url) {
    if (!url.isFile()) throw new IllegalArgumentException(url + " is not a folder");
    this.url = url;
    this.root = url.folder();
  }

  @Override
  public RemoteUrl url() {
    return url;
  }

  @Override
  public byte[] get(RemoteKey key) {
    try {
      return Files.readAllBytes(path(key));
    } catch (IOException e) {
      throw failure("reading", key, e);
    }
  }

  @Override
  protected byte[] readRange(RemoteKey key, long offset, int length) {
    try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset >= size) return new byte[0];
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, size - offset));
      while (buf.hasRemaining()) {
        if (ch.read(buf, offset + buf.position()) < 0) throw new IOException("file shrank while being read");
      }
      return buf.array();
    } catch (IOException e) {
      throw failure("reading", key, e);
    }
  }

  @Override
  protected InputStream openRange(RemoteKey key, long offset, long length) {
    try {
      FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ);
      try {
        ch.position(offset);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      InputStream in = Channels.newInputStream(ch);
      return length == Long.MAX_VALUE ? in : new BoundedInputStream(in, length);
    } catch (IOException e) {
      throw failure("reading", key, e);
    }
  }

  @Override
  public OptionalLong size(RemoteKey key) {
    try {
      return OptionalLong.of(Files.size(path(key)));
    } catch (NoSuchFileException e) {
      checkRoot();
      return OptionalLong.empty();
    } catch (IOException e) {
      throw failure("looking up", key, e);
    }
  }

  @Override
  public void put(RemoteKey key, byte[] bytes) {
    Path target = path(key);
    Path tmp = null;
    try {
      tmp = writeTemp(target, bytes);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(target.getParent());
    } catch (IOException e) {
      throw failure("writing", key, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  @Override
  public void put(RemoteKey key, Path file) {
    Remote.checkReadable(file);
    Path target = path(key);
    Path tmp = null;
    try {
      tmp = newTemp(target);
      Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
      fsync(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(target.getParent());
    } catch (IOException e) {
      throw failure("writing", key, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  @Override
  public CreateResult create(RemoteKey key, byte[] bytes) {
    Path target = path(key);
    Path tmp = null;
    try {
      tmp = writeTemp(target, bytes);
      try {
        Files.createLink(target, tmp);
      } catch (FileAlreadyExistsException e) {
        return CreateResult.ALREADY_EXISTS;
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) throw e;
        // No hard links here (some network and FUSE filesystems): O_EXCL still decides the race, but a reader
        // may see the record before all of it is written.
        return createExclusive(target, bytes);
      }
      fsyncDirectory(target.getParent());
      return CreateResult.CREATED;
    } catch (IOException e) {
      throw failure("creating", key, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static CreateResult createExclusive(Path target, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      return CreateResult.ALREADY_EXISTS;
    }
    fsyncDirectory(target.getParent());
    return CreateResult.CREATED;
  }

  @Override
  public List<RemoteKey> list(String prefix) {
    return walk(prefix, false).stream().map(RemoteEntry::key).toList();
  }

  @Override
  public List<RemoteEntry> listEntries(String prefix) {
    return walk(prefix, true);
  }

  /** The files under {@code prefix}, with their mtimes and sizes when {@code timed} (else not read). */
  private List<RemoteEntry> walk(String prefix, boolean timed) {
    RemoteKey.checkPrefix(prefix);
    checkRoot();
    Path dir = root.resolve(prefix.substring(0, prefix.lastIndexOf('/') + 1));
    List<RemoteEntry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) return entries;
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        String name = root.relativize(f).toString();
        if (name.startsWith(prefix) && !name.startsWith(TMP + "/")) {
          try {
            entries.add(timed ? entry(name, f) : new RemoteEntry(new RemoteKey(name), Instant.EPOCH, -1));
          } catch (InvalidInputException notOurs) {
            // a file no datafs key could name: not an object of this remote
          } catch (NoSuchFileException deleted) {
            // deleted since the walk met it: not listed, as a deletion before the listing would not be
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      IOException io = e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
      throw failure("listing", null, io);
    }
    entries.sort(null);
    return entries;
  }

  private static RemoteEntry entry(String name, Path f) throws IOException {
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    return new RemoteEntry(new RemoteKey(name), a.lastModifiedTime().toInstant(), a.size());
  }

  @Override
  public boolean delete(RemoteKey key) {
    try {
      boolean deleted = Files.deleteIfExists(path(key));
      if (!deleted) checkRoot();
      return deleted;
    } catch (IOException e) {
      throw failure("deleting", key, e);
    }
  }

  @Override
  public void close() {
    // nothing held open
  }

  private Path path(RemoteKey key) {
    if (key.value().equals(TMP) || key.value().startsWith(TMP + "/")) {
      throw new InvalidInputException("remote key " + key + " is reserved for temporary files of " + url);
    }
    return root.resolve(key.value());
  }

  /** Writes bytes to a new fsynced temporary file for {@code target} and returns it. */
  private Path writeTemp(Path target, byte[] bytes) throws IOException {
    Path tmp = newTemp(target);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw e;
    }
    return tmp;
  }

  /** Temporary files of writes killed part-way; one of a write under way is touched as it is written. */
  @Override
  public void clearStaleTemporaries() {
    Leftovers.clearStale(root.resolve(TMP), name -> name.startsWith(TMP_PREFIX) && name.endsWith(TMP_SUFFIX));
  }

  /** A new empty temporary file; creates the target's folders too (never the root, which must exist). */
  private Path newTemp(Path target) throws IOException {
    checkRoot();
    createDirectories(target.getParent());
    Path tmpDir = root.resolve(TMP);
    if (!Files.isDirectory(tmpDir)) createDirectories(tmpDir);
    return Files.createTempFile(tmpDir, TMP_PREFIX, TMP_SUFFIX);
  }

  /** Creates missing folders below the root, each made durable in its parent, so a synced object stays found. */
  private void createDirectories(Path dir) throws IOException {
    if (dir.equals(root) || Files.isDirectory(dir)) return;
    createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
      fsyncDirectory(dir.getParent());
    } catch (FileAlreadyExistsException raced) {
      if (!Files.isDirectory(dir)) throw raced;
    }
  }

  private void checkRoot() {
    if (!Files.isDirectory(root)) {
      throw new RemoteNotFoundException("remote folder " + root + " does not exist (" + url + "): create it first",
          null);
    }
  }

  private RuntimeException failure(String doing, RemoteKey key, IOException e) {
    String what = key == null ? "" : " key " + key;
    if (e instanceof NoSuchFileException && key != null) {
      checkRoot();
      return new RemoteObjectNotFoundException(url.toString(), key.value());
    }
    if (e instanceof AccessDeniedException) {
      return new RemoteAccessDeniedException("permission denied on remote " + url + " " + doing + what
          + ": " + e.getMessage(), e);
    }
    return new StoreIoException("remote " + url + ": " + doing + what, e);
  }

  private static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover in .datafs-tmp/ is garbage by definition
    }
  }
}
