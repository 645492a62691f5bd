package io.datafs.fs.fuse;

import io.datafs.core.tree.EntryKind;
import io.datafs.fs.Attributes;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.FsStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory {@link ReadOnlyFs} for the adapter's tests; big files are generated, not stored. */
final class FakeFs implements ReadOnlyFs {
  static final long MTIME_NANOS = 1_700_000_000_123_456_789L;
  private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[128 * 1024]);

  /** File contents: stored bytes, or a deterministic generator for big files. */
  interface Content {
    long size();

    int read(long offset, byte[] dst, int size);

    default String sha256() {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        for (long off = 0; off < size(); ) {
          int n = read(off, buf, buf.length);
          md.update(buf, 0, n);
          off += n;
        }
        return HexFormat.of().formatHex(md.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record Bytes(byte[] bytes) implements Content {
    public long size() {
      return bytes.length;
    }

    public int read(long offset, byte[] dst, int size) {
      if (offset >= bytes.length) return 0;
      int n = (int) Math.min(size, bytes.length - offset);
      System.arraycopy(bytes, (int) offset, dst, 0, n);
      return n;
    }
  }

  /** One block over and over: a big file whose reads cost a memcpy, to measure the mount, not the fake. */
  record Repeated(byte[] block, long size) implements Content {
    public int read(long offset, byte[] dst, int n) {
      int count = (int) Math.max(0, Math.min(n, size - offset));
      for (int k = 0; k < count; ) {
        int at = (int) ((offset + k) % block.length);
        int len = Math.min(count - k, block.length - at);
        System.arraycopy(block, at, dst, k, len);
        k += len;
      }
      return count;
    }
  }

  /** Byte i is a hash of (seed, i): known bytes without storing them. */
  record Generated(long seed, long size) implements Content {
    static byte at(long seed, long i) {
      long x = (i ^ seed) * 0x9E3779B97F4A7C15L;
      return (byte) (x >>> 56);
    }

    public int read(long offset, byte[] dst, int n) {
      if (offset >= size) return 0;
      int count = (int) Math.min(n, size - offset);
      for (int k = 0; k < count; k++) dst[k] = at(seed, offset + k);
      return count;
    }

    byte[] slice(long offset, int n) {
      byte[] b = new byte[n];
      read(offset, b, n);
      return b;
    }
  }

  static final class Node {
    final long ino;
    final EntryKind kind;
    final int mode;
    final Content content;
    final String target;
    final Map<String, byte[]> xattrs = new TreeMap<>();
    final TreeMap<String, Node> children = new TreeMap<>();
    boolean explode; // getattr throws something that is not an FsException
    String eio; // when set, getattr throws FsException(EIO) with this message

    Node(long ino, EntryKind kind, int mode, Content content, String target) {
      this.ino = ino;
      this.kind = kind;
      this.mode = mode;
      this.content = content;
      this.target = target;
    }

    long size() {
      return switch (kind) {
        case FILE -> content.size();
        case DIR -> 4096;
        case SYMLINK -> target.getBytes(StandardCharsets.UTF_8).length;
      };
    }
  }

  private final AtomicLong nextIno = new AtomicLong(1);
  private final Node root = new Node(nextIno.getAndIncrement(), EntryKind.DIR, 0755, null, null);
  private final AtomicLong nextHandle = new AtomicLong(100);
  private final Map<Long, Node> handles = new ConcurrentHashMap<>();
  final AtomicLong readCalls = new AtomicLong();
  final AtomicLong readBytes = new AtomicLong();
  final AtomicLong opens = new AtomicLong();
  final AtomicLong releases = new AtomicLong();

  Node dir(String path) {
    return add(path, new Node(nextIno.getAndIncrement(), EntryKind.DIR, 0755, null, null));
  }

  Node file(String path, int mode, Content content) {
    return add(path, new Node(nextIno.getAndIncrement(), EntryKind.FILE, mode, content, null));
  }

  Node file(String path, String text) {
    return file(path, 0644, new Bytes(text.getBytes(StandardCharsets.UTF_8)));
  }

  Node symlink(String path, String target) {
    return add(path, new Node(nextIno.getAndIncrement(), EntryKind.SYMLINK, 0777, null, target));
  }

  private Node add(String path, Node node) {
    int slash = path.lastIndexOf('/');
    Node parent = slash == 0 ? root : lookup(path.substring(0, slash));
    parent.children.put(path.substring(slash + 1), node);
    return node;
  }

  Node lookup(String path) {
    Node n = root;
    if (path.equals("/")) return n;
    for (String part : path.substring(1).split("/")) {
      if (n.kind != EntryKind.DIR) throw new FsException(Errno.ENOTDIR, path);
      n = n.children.get(part);
      if (n == null) throw new FsException(Errno.ENOENT, path);
    }
    return n;
  }

  int openHandles() {
    return handles.size();
  }

  @Override
  public Attributes getattr(String path) {
    Node n = lookup(path);
    if (n.explode) throw new IllegalStateException("simulated bug in getattr of " + path);
    if (n.eio != null) throw new FsException(Errno.EIO, n.eio);
    int nlink = n.kind == EntryKind.DIR
        ? 2 + (int) n.children.values().stream().filter(c -> c.kind == EntryKind.DIR).count() : 1;
    return new Attributes(n.ino, n.kind, n.mode, n.size(), MTIME_NANOS, nlink);
  }

  @Override
  public List<DirEntry> readdir(String path, long dirHandle, long offset, int max) {
    Node n = lookup(path);
    if (n.kind != EntryKind.DIR) throw new FsException(Errno.ENOTDIR, path);
    List<DirEntry> out = new ArrayList<>();
    long i = 0;
    for (Map.Entry<String, Node> e : n.children.entrySet()) {
      if (i++ < offset) continue;
      if (out.size() == max) break;
      out.add(new DirEntry(e.getKey(), e.getValue().ino, e.getValue().kind, i));
    }
    return out;
  }

  @Override
  public long open(String path, int flags) {
    Node n = lookup(path);
    if (n.kind == EntryKind.DIR) throw new FsException(Errno.EISDIR, path);
    if ((flags & 3) != 0) throw new FsException(Errno.EROFS, path);
    long h = nextHandle.getAndIncrement();
    handles.put(h, n);
    opens.incrementAndGet();
    return h;
  }

  @Override
  public int read(long handle, long offset, ByteBuffer dst) {
    Node n = handles.get(handle);
    if (n == null) throw new FsException(Errno.EBADF, "handle " + handle);
    readCalls.incrementAndGet();
    byte[] b = buffers.get();
    if (b.length < dst.remaining()) buffers.set(b = new byte[dst.remaining()]);
    int got = n.content.read(offset, b, dst.remaining());
    dst.put(b, 0, got);
    readBytes.addAndGet(got);
    return got;
  }

  @Override
  public void release(long handle) {
    if (handles.remove(handle) == null) throw new FsException(Errno.EBADF, "handle " + handle);
    releases.incrementAndGet();
  }

  @Override
  public String readlink(String path) {
    Node n = lookup(path);
    if (n.kind != EntryKind.SYMLINK) throw new FsException(Errno.EINVAL, path);
    return n.target;
  }

  @Override
  public FsStats statfs() {
    return new FsStats(4096, 12345, 0, 678, 0, 255);
  }

  @Override
  public byte[] getxattr(String path, String name) {
    byte[] v = lookup(path).xattrs.get(name);
    if (v == null) throw new FsException(Errno.ENODATA, path + " " + name);
    return v;
  }

  @Override
  public List<String> listxattr(String path) {
    return new ArrayList<>(lookup(path).xattrs.keySet());
  }
}
