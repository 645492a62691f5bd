package io.datafs.fs.fuse;

import io.datafs.core.tree.EntryKind;
import io.datafs.fs.Attributes;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.FsStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small in-memory {@link WritableFs} to mount for real: enough POSIX for shell tools, not the overlay. Open
 * handles hold their node, so a file unlinked while open stays readable and writable through them. One lock.
 */
final class MemoryWritableFs implements WritableFs {
  private static final int O_ACCMODE = 3, O_EXCL = 0200, O_TRUNC = 01000, O_APPEND = 02000;

  private static final class Node {
    final long ino;
    final EntryKind kind;
    int mode;
    byte[] data = new byte[0];
    int size;
    String target;
    long mtimeNanos = 1_700_000_000_000_000_000L;

    Node(long ino, EntryKind kind, int mode) {
      this.ino = ino;
      this.kind = kind;
      this.mode = mode;
    }
  }

  private record Open(Node node, boolean append) {}

  private final TreeMap<String, Node> nodes = new TreeMap<>();
  private final Map<Long, Open> handles = new HashMap<>();
  private long nextIno = 1, nextHandle = 1;
  /** utimens calls as "path atime mtime", NOW / OMIT spelled out. */
  final List<String> utimens = new ArrayList<>();

  MemoryWritableFs() {
    nodes.put("/", new Node(nextIno++, EntryKind.DIR, 0755));
  }

  private Node get(String path) {
    Node n = nodes.get(path);
    if (n == null) throw new FsException(Errno.ENOENT, path);
    return n;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash == 0 ? "/" : path.substring(0, slash);
  }

  private Node add(String path, EntryKind kind, int mode) {
    if (nodes.containsKey(path)) throw new FsException(Errno.EEXIST, path);
    if (get(parent(path)).kind != EntryKind.DIR) throw new FsException(Errno.ENOTDIR, path);
    Node n = new Node(nextIno++, kind, mode);
    nodes.put(path, n);
    return n;
  }

  private List<String> children(String dir) {
    String prefix = dir.equals("/") ? "/" : dir + "/";
    List<String> out = new ArrayList<>();
    for (String p : nodes.tailMap(prefix, false).keySet()) {
      if (!p.startsWith(prefix)) break;
      if (p.indexOf('/', prefix.length()) < 0) out.add(p);
    }
    return out;
  }

  private Open handle(long h) {
    Open o = handles.get(h);
    if (o == null) throw new FsException(Errno.EBADF, "handle " + h);
    return o;
  }

  private long open(Node n, int flags) {
    if (n.kind == EntryKind.DIR) throw new FsException(Errno.EISDIR, "open");
    if ((flags & O_TRUNC) != 0 && (flags & O_ACCMODE) != 0) n.size = 0;
    handles.put(nextHandle, new Open(n, (flags & O_APPEND) != 0));
    return nextHandle++;
  }

  private static void resize(Node n, long size) {
    if (size > n.data.length) n.data = Arrays.copyOf(n.data, (int) Math.max(size, n.data.length * 2L));
    if (size > n.size) Arrays.fill(n.data, n.size, (int) size, (byte) 0);
    n.size = (int) size;
  }

  @Override
  public synchronized Attributes getattr(String path) {
    return attributes(get(path));
  }

  private static Attributes attributes(Node n) {
    long size = n.kind == EntryKind.FILE ? n.size
        : n.kind == EntryKind.SYMLINK ? n.target.getBytes(StandardCharsets.UTF_8).length : 4096;
    return new Attributes(n.ino, n.kind, n.mode, size, n.mtimeNanos, n.kind == EntryKind.DIR ? 2 : 1);
  }

  @Override
  public synchronized Attributes fgetattr(long handle, String path) {
    return attributes(handle(handle).node());
  }

  @Override
  public synchronized List<DirEntry> readdir(String path, long dirHandle, long offset, int max) {
    if (get(path).kind != EntryKind.DIR) throw new FsException(Errno.ENOTDIR, path);
    List<String> kids = children(path);
    List<DirEntry> out = new ArrayList<>();
    for (int i = (int) offset; i < kids.size() && out.size() < max; i++) {
      Node n = nodes.get(kids.get(i));
      out.add(new DirEntry(kids.get(i).substring(kids.get(i).lastIndexOf('/') + 1), n.ino, n.kind, i + 1));
    }
    return out;
  }

  @Override public synchronized long open(String path, int flags) { return open(get(path), flags); }

  @Override
  public synchronized int read(long handle, long offset, ByteBuffer dst) {
    Node n = handle(handle).node();
    if (offset >= n.size) return 0;
    int count = (int) Math.min(dst.remaining(), n.size - offset);
    dst.put(n.data, (int) offset, count);
    return count;
  }

  @Override public synchronized void release(long handle) { handle(handle); handles.remove(handle); }
  @Override public synchronized String readlink(String path) {
    Node n = get(path);
    if (n.target == null) throw new FsException(Errno.EINVAL, path);
    return n.target;
  }
  @Override public FsStats statfs() { return new FsStats(4096, 1000, 500, 100, 50, 255); }
  @Override public synchronized byte[] getxattr(String path, String name) {
    get(path);
    throw new FsException(Errno.ENODATA, name);
  }
  @Override public synchronized List<String> listxattr(String path) { get(path); return List.of(); }

  @Override
  public synchronized long create(String path, int mode, int flags) {
    Node n = nodes.get(path);
    if (n != null && (flags & O_EXCL) != 0) throw new FsException(Errno.EEXIST, path);
    return open(n != null ? n : add(path, EntryKind.FILE, mode), flags);
  }

  @Override
  public synchronized int write(long handle, long offset, byte[] src, int size) {
    Open o = handle(handle);
    Node n = o.node();
    long at = o.append() ? n.size : offset;
    if (at + size > n.size) resize(n, at + size);
    System.arraycopy(src, 0, n.data, (int) at, size);
    return size;
  }

  @Override public synchronized void truncate(String path, long size) { resize(get(path), size); }
  @Override public synchronized void ftruncate(long handle, long size) { resize(handle(handle).node(), size); }
  @Override public synchronized void flush(long handle) { handle(handle); }
  @Override public synchronized void fsync(long handle, boolean dataOnly) { handle(handle); }

  @Override
  public synchronized void unlink(String path) {
    if (get(path).kind == EntryKind.DIR) throw new FsException(Errno.EISDIR, path);
    nodes.remove(path);
  }

  @Override public synchronized void mkdir(String path, int mode) { add(path, EntryKind.DIR, mode); }

  @Override
  public synchronized void rmdir(String path) {
    if (get(path).kind != EntryKind.DIR) throw new FsException(Errno.ENOTDIR, path);
    if (!children(path).isEmpty()) throw new FsException(Errno.ENOTEMPTY, path);
    nodes.remove(path);
  }

  @Override
  public synchronized void rename(String from, String to) {
    Node n = get(from);
    Node old = nodes.get(to);
    if (old != null && old.kind == EntryKind.DIR && !children(to).isEmpty()) throw new FsException(Errno.ENOTEMPTY, to);
    nodes.remove(to);
    for (String p : new ArrayList<>(nodes.subMap(from + "/", from + "0").keySet())) {
      nodes.put(to + p.substring(from.length()), nodes.remove(p));
    }
    nodes.put(to, nodes.remove(from));
  }

  @Override public synchronized void chmod(String path, int mode) { get(path).mode = mode; }
  @Override public synchronized void chown(String path, long uid, long gid) {
    throw new FsException(Errno.EPERM, path);
  }

  @Override
  public synchronized void utimens(String path, long atimeNanos, long mtimeNanos) {
    Node n = get(path);
    utimens.add(path + " " + name(atimeNanos) + " " + name(mtimeNanos));
    if (mtimeNanos == TIME_NOW) n.mtimeNanos = System.currentTimeMillis() * 1_000_000L;
    else if (mtimeNanos != TIME_OMIT) n.mtimeNanos = mtimeNanos;
  }

  private static String name(long t) {
    return t == TIME_NOW ? "NOW" : t == TIME_OMIT ? "OMIT" : "T";
  }

  @Override public synchronized void symlink(String target, String path) {
    add(path, EntryKind.SYMLINK, 0777).target = target;
  }
  @Override public void link(String from, String to) { throw new FsException(Errno.EPERM, to); }
  @Override public void mknod(String path, int mode, long rdev) { throw new FsException(Errno.EPERM, path); }
  @Override public void setxattr(String path, String name, byte[] value, int flags) {
    throw new FsException(Errno.ENOTSUP, name);
  }
  @Override public void removexattr(String path, String name) { throw new FsException(Errno.ENOTSUP, name); }
}
