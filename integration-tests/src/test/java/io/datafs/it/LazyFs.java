package io.datafs.it;

import io.datafs.core.tree.EntryKind;
import io.datafs.fs.Attributes;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.FsStats;
import io.datafs.fs.fuse.WritableFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A passthrough filesystem over a backing folder that loses, at a power cut, what POSIX lets a power cut lose, as
 * LazyFS does: a file's writes stay in memory until an {@code fsync}/{@code fdatasync} of it, and each change of a
 * directory's entries (create, mkdir, symlink, unlink, rmdir, rename) is undone at the cut unless an {@code fsync}
 * of that directory came after it. So what survives is exactly what was made durable, and nothing the page cache
 * would have kept by luck. A cut ({@link #cutAfter}) makes the n-th change and every later one fail with EIO
 * (nothing more reaches the disk); {@link #powerLoss} then drops what was not durable.
 */
final class LazyFs implements WritableFs {
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final int O_EXCL = 0200;

  /** A file with writes not yet synced: its whole content, in memory, as the page cache would hold it. */
  private static final class Dirty {
    byte[] data;
    int size;

    Dirty(byte[] data) {
      this.data = data;
      this.size = data.length;
    }
  }

  /** An open file: its backing path follows renames and unlinks. */
  private static final class Handle {
    Path path;
    final boolean append;

    Handle(Path path, boolean append) {
      this.path = path;
      this.append = append;
    }
  }

  /** One change of directory entries, undone at a cut unless one of its directories was synced since. */
  private record Undo(Set<Path> dirs, IoAction action) {}

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  private final Path root;
  private final Path graveyard;
  private final Map<Path, Dirty> dirty = new HashMap<>();
  private final Map<Long, Handle> handles = new HashMap<>();
  private final Deque<Undo> undo = new ArrayDeque<>();
  private long nextHandle = 1;
  private long graves;
  private long changes;
  private long cutAt = Long.MAX_VALUE;

  /** @param graveyard where unlinked entries wait, to be put back at a cut: beside {@code root}, on its disk */
  LazyFs(Path root, Path graveyard) {
    this.root = root;
    this.graveyard = graveyard;
  }

  /** Changes made so far (each write, truncate, sync and entry change counts one). */
  synchronized long changes() {
    return changes;
  }

  /** The power goes out at the {@code n}-th change from now: it and every later one fail with EIO. */
  synchronized void cutAfter(long n) {
    cutAt = changes + n;
  }

  /** Whether the cut came. */
  synchronized boolean isCut() {
    return changes >= cutAt;
  }

  /** The machine comes back: what was not durable is gone; the filesystem takes changes again. */
  synchronized void powerLoss() throws IOException {
    while (!undo.isEmpty()) undo.removeLast().action().run();
    dirty.clear();
    handles.clear();
    cutAt = Long.MAX_VALUE;
  }

  // ---- reading

  @Override
  public synchronized Attributes getattr(String path) {
    Path p = at(path);
    Dirty d = dirty.get(p);
    return attributes(p, d);
  }

  @Override
  public synchronized Attributes fgetattr(long handle, String path) {
    Handle h = handle(handle);
    return attributes(h.path, dirty.get(h.path));
  }

  private static Attributes attributes(Path p, Dirty d) {
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:ino,mode,size,lastModifiedTime,nlink",
          LinkOption.NOFOLLOW_LINKS);
      int mode = (int) a.get("mode");
      EntryKind kind = (mode & 0170000) == 0040000 ? EntryKind.DIR
          : (mode & 0170000) == 0120000 ? EntryKind.SYMLINK : EntryKind.FILE;
      long size = d != null ? d.size : (long) a.get("size");
      FileTime t = (FileTime) a.get("lastModifiedTime");
      long nanos = t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
      return new Attributes((long) a.get("ino"), kind, mode & 07777, size, nanos, (int) a.get("nlink"));
    } catch (IOException e) {
      throw error(p, e);
    }
  }

  @Override
  public synchronized List<DirEntry> readdir(String path, long dirHandle, long offset, int max) {
    Path dir = at(path);
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    } catch (IOException e) {
      throw error(dir, e);
    }
    List<DirEntry> out = new ArrayList<>();
    for (int i = (int) offset; i < children.size() && out.size() < max; i++) {
      Attributes a = attributes(children.get(i), null);
      out.add(new DirEntry(children.get(i).getFileName().toString(), a.ino(), a.kind(), i + 1));
    }
    return out;
  }

  @Override
  public synchronized long open(String path, int flags) {
    Path p = at(path);
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw new FsException(Errno.ENOENT, path);
    if ((flags & O_TRUNC) != 0) resize(p, 0);
    return newHandle(p, flags);
  }

  @Override
  public synchronized int read(long handle, long offset, ByteBuffer dst) {
    Path p = handle(handle).path;
    Dirty d = dirty.get(p);
    if (d != null) {
      if (offset >= d.size) return 0;
      int n = (int) Math.min(dst.remaining(), d.size - offset);
      dst.put(d.data, (int) offset, n);
      return n;
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      int total = 0;
      while (dst.hasRemaining()) {
        int n = ch.read(dst, offset + total);
        if (n <= 0) break;
        total += n;
      }
      return total;
    } catch (IOException e) {
      throw error(p, e);
    }
  }

  @Override
  public synchronized void release(long handle) {
    handles.remove(handle);
  }

  @Override
  public synchronized String readlink(String path) {
    try {
      return Files.readSymbolicLink(at(path)).toString();
    } catch (IOException e) {
      throw error(at(path), e);
    }
  }

  @Override
  public FsStats statfs() {
    try {
      FileStore s = Files.getFileStore(root);
      return new FsStats(4096, s.getTotalSpace() / 4096, s.getUsableSpace() / 4096, 1 << 20, 1 << 20, 255);
    } catch (IOException e) {
      throw error(root, e);
    }
  }

  @Override
  public byte[] getxattr(String path, String name) {
    throw new FsException(Errno.ENODATA, name);
  }

  @Override
  public List<String> listxattr(String path) {
    return List.of();
  }

  // ---- file data: in memory until synced

  @Override
  public synchronized long create(String path, int mode, int flags) {
    Path p = at(path);
    boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    if (exists && (flags & O_EXCL) != 0) throw new FsException(Errno.EEXIST, path);
    if (!exists) {
      entryChange(List.of(p.getParent()), () -> Files.createFile(p), () -> Files.deleteIfExists(p));
      chmodQuietly(p, mode);
    } else if ((flags & O_TRUNC) != 0) {
      resize(p, 0);
    }
    return newHandle(p, flags);
  }

  @Override
  public synchronized int write(long handle, long offset, byte[] src, int size) {
    change();
    Handle h = handle(handle);
    Dirty d = load(h.path);
    long at = h.append ? d.size : offset;
    grow(d, at + size);
    System.arraycopy(src, 0, d.data, (int) at, size);
    return size;
  }

  @Override
  public synchronized void truncate(String path, long size) {
    resize(at(path), size);
  }

  @Override
  public synchronized void ftruncate(long handle, long size) {
    resize(handle(handle).path, size);
  }

  @Override
  public void flush(long handle) {}

  /** The file's data reaches the disk; its entry in its directory does not (that takes a sync of the directory). */
  @Override
  public synchronized void fsync(long handle, boolean dataOnly) {
    change();
    Path p = handle(handle).path;
    Dirty d = dirty.remove(p);
    if (d == null) return;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(d.data, 0, d.size));
      ch.force(true);
    } catch (IOException e) {
      throw error(p, e);
    }
  }

  @Override
  public synchronized void fsyncdir(String path) {
    change();
    Path dir = at(path);
    undo.removeIf(u -> u.dirs().contains(dir));
  }

  // ---- directory entries: on the backing disk at once, undone at a cut unless their directory was synced

  @Override
  public synchronized void unlink(String path) {
    Path p = at(path);
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw new FsException(Errno.EISDIR, path);
    bury(p);
  }

  @Override
  public synchronized void mkdir(String path, int mode) {
    Path p = at(path);
    // undone with what a synced child made durable inside it: a directory whose entry is lost takes them along
    entryChange(List.of(p.getParent()), () -> Files.createDirectory(p), () -> deleteTree(p));
    chmodQuietly(p, mode);
  }

  @Override
  public synchronized void rmdir(String path) {
    Path p = at(path);
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw new FsException(Errno.ENOTDIR, path);
    try (Stream<Path> s = Files.list(p)) {
      if (s.findAny().isPresent()) throw new FsException(Errno.ENOTEMPTY, path);
    } catch (IOException e) {
      throw error(p, e);
    }
    bury(p);
  }

  @Override
  public synchronized void rename(String from, String to) {
    Path a = at(from);
    Path b = at(to);
    if (!Files.exists(a, LinkOption.NOFOLLOW_LINKS)) throw new FsException(Errno.ENOENT, from);
    if (Files.exists(b, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isDirectory(b, LinkOption.NOFOLLOW_LINKS)) rmdir(to);
      else bury(b);
    }
    entryChange(List.of(a.getParent(), b.getParent()), () -> move(a, b), () -> move(b, a));
  }

  @Override
  public synchronized void symlink(String target, String path) {
    Path p = at(path);
    entryChange(List.of(p.getParent()), () -> Files.createSymbolicLink(p, Path.of(target)),
        () -> Files.deleteIfExists(p));
  }

  @Override
  public synchronized void chmod(String path, int mode) {
    change();
    chmodQuietly(at(path), mode);
  }

  @Override
  public void chown(String path, long uid, long gid) {}

  @Override
  public synchronized void utimens(String path, long atimeNanos, long mtimeNanos) {
    change();
    if (mtimeNanos == TIME_OMIT) return;
    long nanos = mtimeNanos == TIME_NOW ? System.currentTimeMillis() * 1_000_000L : mtimeNanos;
    try {
      Files.setLastModifiedTime(at(path), FileTime.from(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    } catch (IOException e) {
      throw error(at(path), e);
    }
  }

  @Override
  public void link(String from, String to) {
    throw new FsException(Errno.EPERM, "hard links: " + to);
  }

  @Override
  public void mknod(String path, int mode, long rdev) {
    throw new FsException(Errno.EPERM, "special files: " + path);
  }

  @Override
  public void setxattr(String path, String name, byte[] value, int flags) {
    throw new FsException(Errno.ENOTSUP, name);
  }

  @Override
  public void removexattr(String path, String name) {
    throw new FsException(Errno.ENOTSUP, name);
  }

  // ---- the parts

  private Path at(String path) {
    return path.equals("/") ? root : root.resolve(path.substring(1));
  }

  private Handle handle(long handle) {
    Handle h = handles.get(handle);
    if (h == null) throw new FsException(Errno.EBADF, "handle " + handle);
    return h;
  }

  private long newHandle(Path p, int flags) {
    long h = nextHandle++;
    handles.put(h, new Handle(p, (flags & O_APPEND) != 0));
    return h;
  }

  /** Counts a change; at and after the cut, fails it (the machine is off: nothing reaches the disk). */
  private void change() {
    if (++changes >= cutAt) throw new FsException(Errno.EIO, "power cut");
  }

  private Dirty load(Path p) {
    Dirty d = dirty.get(p);
    if (d != null) return d;
    try {
      d = new Dirty(Files.readAllBytes(p));
    } catch (IOException e) {
      throw error(p, e);
    }
    dirty.put(p, d);
    return d;
  }

  private void resize(Path p, long size) {
    change();
    Dirty d = load(p);
    grow(d, size);
    if (size < d.size) Arrays.fill(d.data, (int) size, d.size, (byte) 0);
    d.size = (int) size;
  }

  private static void grow(Dirty d, long size) {
    if (size > Integer.MAX_VALUE - 16) throw new FsException(Errno.ENOSPC, "a test filesystem's file of " + size);
    if (size > d.data.length) d.data = Arrays.copyOf(d.data, (int) Math.max(size, d.data.length * 2L));
    if (size > d.size) d.size = (int) size;
  }

  /** Moves an entry to the graveyard (open handles follow it), to be put back at a cut. */
  private void bury(Path p) {
    Path grave = graveyard.resolve(Long.toString(graves++));
    entryChange(List.of(p.getParent()), () -> move(p, grave), () -> move(grave, p));
  }

  private void entryChange(List<Path> dirs, IoAction doIt, IoAction undoIt) {
    change();
    try {
      doIt.run();
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new FsException(Errno.EEXIST, e.getFile());
    } catch (IOException e) {
      throw error(dirs.get(0), e);
    }
    undo.addLast(new Undo(new HashSet<>(dirs), undoIt));
  }

  /** Renames {@code a} to {@code b}, and with it what is cached or open under {@code a}. */
  private void move(Path a, Path b) throws IOException {
    Files.move(a, b, StandardCopyOption.ATOMIC_MOVE);
    Map<Path, Dirty> moved = new HashMap<>();
    dirty.entrySet().removeIf(e -> {
      if (!e.getKey().startsWith(a)) return false;
      moved.put(b.resolve(a.relativize(e.getKey())), e.getValue());
      return true;
    });
    dirty.putAll(moved);
    for (Handle h : handles.values()) {
      if (h.path.startsWith(a)) h.path = b.resolve(a.relativize(h.path));
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }

  private static void chmodQuietly(Path p, int mode) {
    Set<PosixFilePermission> perms = new HashSet<>();
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (0400 >> i)) != 0) perms.add(bits[i]);
    }
    try {
      Files.setPosixFilePermissions(p, perms);
    } catch (IOException e) {
      throw error(p, e);
    }
  }

  private static FsException error(Path p, IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) return new FsException(Errno.ENOENT, p.toString());
    if (e instanceof java.nio.file.DirectoryNotEmptyException) return new FsException(Errno.ENOTEMPTY, p.toString());
    if (e instanceof java.nio.file.FileAlreadyExistsException) return new FsException(Errno.EEXIST, p.toString());
    if (e instanceof java.nio.file.NotDirectoryException) return new FsException(Errno.ENOTDIR, p.toString());
    return new FsException(Errno.EIO, p + ": " + e.getMessage());
  }
}
