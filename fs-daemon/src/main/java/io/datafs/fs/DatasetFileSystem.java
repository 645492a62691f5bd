package io.datafs.fs;

import io.datafs.fs.fuse.ReadOnlyFs;
import io.datafs.core.ingest.SymlinkCheck;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One version of a dataset as a read-only filesystem, with no FUSE in sight: the FUSE adapter calls one method per
 * callback and turns an {@link FsException} into its negated errno. Paths are absolute ("/", "/a/b.txt").
 * Thread-safe: FUSE calls in from many threads at once.
 *
 * <p>Reads go handle -> the file's chunk list (once per open) -> {@link Chunks}: a view of the mapped local pack,
 * checked against the chunk's CRC32C when the daemon first reads it; a file of the chunk cache for remote content,
 * checked against its id; or the shared {@link ChunkCache} of chunks verified against their ids. Damaged or missing
 * content is EIO, never wrong bytes. A handle that reads sequentially has its next chunks loaded (and checked) in the
 * background.
 *
 * <p>Extended attributes: {@value #XATTR_SHA256} on regular files is the content's SHA-256 as 64 lowercase hex
 * digits; {@value #XATTR_VERSION} on the root is {@code <dataset>@v<number> <version id, 64 hex digits>}, e.g.
 * {@code cats@v3 9f2c...}. Both are UTF-8 with no newline.
 */
public final class DatasetFileSystem implements ReadOnlyFs, AutoCloseable {
  public static final String XATTR_SHA256 = "user.datafs.sha256";
  public static final String XATTR_VERSION = "user.datafs.version";

  static final int O_ACCMODE = 03;
  static final int O_CREAT = 0100;
  static final int O_TRUNC = 01000;
  static final int O_APPEND = 02000;
  private static final int WRITING = O_CREAT | O_TRUNC | O_APPEND;

  static final int DENTRY_CAPACITY = 100_000;
  private static final int CURSOR_DIRS = 1_024;
  private static final int READ_AHEAD_CHUNKS = 2;
  private static final int READ_AHEAD_THREADS = 2;
  private static final int READ_AHEAD_IN_FLIGHT = 4;
  private static final long BLOCK = 4096;
  private static final int NAME_MAX = 255;
  /** Files read with no open whose chunk lists are kept: more than the kernel reads at once, few enough to be small. */
  static final int RECENT_FILES = 1_024;
  /** How long a file read with no open is served as it was checked: damage landing since is caught after this. */
  static final Duration RECHECK_AFTER = Duration.ofMinutes(1);

  private final VersionReader reader;
  private final Chunks chunks;
  private final PathResolver paths;
  private final Pager<TreeEntry> pager;
  private final Inodes inodes = new Inodes();
  private final ConcurrentHashMap<Long, OpenFile> handles = new ConcurrentHashMap<>();
  private final Cache<String, CompletableFuture<OpenFile>> recentFiles;
  private final AtomicLong nextHandle = new AtomicLong(1);
  private final ReadAhead readAhead;
  private final RemotePrefetch remotePrefetch;
  private final boolean readsWait;

  public DatasetFileSystem(VersionReader reader, ChunkCache cache) {
    this(reader, cache, DENTRY_CAPACITY);
  }

  /** With a dentry cache of {@code dentries} paths; tests make it tiny to exercise eviction. */
  DatasetFileSystem(VersionReader reader, ChunkCache cache, int dentries) {
    this(reader, cache, dentries, Ticker.systemTicker());
  }

  /** With {@code clock} timing how long a file read with no open is kept: tests move it on. */
  DatasetFileSystem(VersionReader reader, ChunkCache cache, int dentries, Ticker clock) {
    this.recentFiles = Caffeine.newBuilder().maximumSize(RECENT_FILES).expireAfterWrite(RECHECK_AFTER).ticker(clock)
        .executor(Runnable::run).build();
    this.reader = reader;
    TreeEntry r = reader.root();
    TreeEntry root = TreeEntry.dir("", 0755, versionTime(reader.version()), r.changedIn(), r.contentId());
    this.paths = new PathResolver(reader, root, inodes, dentries);
    this.pager = new Pager<>(TreeEntry::name, CURSOR_DIRS);
    this.chunks = new Chunks(reader, cache, true); // mounted with kernel_cache
    this.readAhead = new ReadAhead(READ_AHEAD_THREADS, READ_AHEAD_IN_FLIGHT);
    this.remotePrefetch = new RemotePrefetch(reader);
    this.readsWait = reader.mayReadRemote();
  }

  @Override
  public boolean readsWait() {
    return readsWait;
  }

  public Version version() {
    return reader.version();
  }

  public Attributes getattr(String path) {
    return call("getattr", path, () -> {
      PathResolver.Known k = paths.known(path);
      TreeEntry e = k.entry();
      return new Attributes(k.ino(), e.kind(), e.mode(), e.size(), e.mtimeNanos(), e.isDir() ? 2 : 1);
    });
  }

  /** A version never changes, so a listing's offsets are positions and need no open directory. */
  @Override
  public List<DirEntry> readdir(String path, long dirHandle, long offset, int max) {
    return readdir(path, offset, max);
  }

  /**
   * Up to {@code max} entries of a directory after the first {@code offset}, in name order, without "." and "..";
   * each entry's {@code nextOffset} resumes after it. Empty at the end.
   */
  public List<DirEntry> readdir(String path, long offset, int max) {
    return call("readdir", path, () -> {
      TreeEntry dir = paths.resolve(path);
      if (!dir.isDir()) throw new FsException(Errno.ENOTDIR, "not a directory: " + path);
      if (offset < 0) throw new FsException(Errno.EINVAL, "negative readdir offset " + offset + " in " + path);
      if (max <= 0) return List.of();
      List<TreeEntry> page = pager.page(path, (after, limit) -> reader.listAfter(dir, after, limit), offset, max);
      // Entries listed are not put in the dentry cache: a stat that follows finds their page among the decoded
      // pages the reader keeps, and a walk of 10M entries (find) stats none of them, only churned the cache.
      reader.prefetchDirectories(page); // a lazy tree: a walk goes into these next
      List<DirEntry> out = new ArrayList<>(page.size());
      for (int i = 0; i < page.size(); i++) {
        TreeEntry e = page.get(i);
        out.add(new DirEntry(e.name(), paths.inode(path, dir, offset + i), e.kind(), offset + i + 1));
      }
      return out;
    });
  }

  /**
   * A handle for reading a regular file. Anything that would write (access mode, create, truncate, append) is EROFS.
   */
  public long open(String path, int flags) {
    OpenFile file = openFile(path, flags);
    long handle = nextHandle.getAndIncrement();
    handles.put(handle, file);
    return handle;
  }

  /**
   * Reads the bytes at {@code offset} into {@code dst}, from its position to its limit; fewer only at the end of
   * the file. Returns how many.
   */
  public int read(long handle, long offset, ByteBuffer dst) {
    OpenFile f = handles.get(handle);
    if (f == null) throw new FsException(Errno.EBADF, "read: no open file with handle " + handle);
    return read(f, offset, dst);
  }

  /**
   * Reads {@code path} with no open: what a read-only mount serves, since it tells the kernel it has no open (see
   * {@code FuseAdapter#open}). A file read is kept (its chunk list and how each chunk is read, as an open file keeps
   * them) among the last {@value #RECENT_FILES} files read, for at most {@link #RECHECK_AFTER}; its next read after
   * that looks it up and checks its chunks again, so damage on disk is caught within that time of landing, by the
   * next read the kernel's cache does not answer. Readers of one file at once share one: its damage is logged once,
   * however many reads (the kernel's read-ahead and its retry) meet it.
   */
  @Override
  public int read(String path, long offset, ByteBuffer dst) {
    CompletableFuture<OpenFile> kept = recentFiles.asMap().get(path);
    if (kept == null) {
      CompletableFuture<OpenFile> mine = new CompletableFuture<>();
      kept = recentFiles.asMap().putIfAbsent(path, mine);
      if (kept == null) {
        kept = mine;
        try {
          mine.complete(openFile(path, 0));
        } catch (RuntimeException e) {
          recentFiles.asMap().remove(path, mine); // not kept: the next read tries again
          mine.completeExceptionally(e);
          throw e;
        }
      }
    }
    return read(ChunkCache.await(kept), offset, dst); // the first reader's failure: it threw it; this one does too
  }

  private OpenFile openFile(String path, int flags) {
    return call("open", path, () -> {
      if ((flags & O_CREAT) != 0) throw new FsException(Errno.EROFS, "read-only: cannot create " + path);
      TreeEntry e = paths.resolve(path);
      if (e.isDir()) throw new FsException(Errno.EISDIR, "a directory: " + path);
      if (!e.isFile()) throw new FsException(Errno.EINVAL, "not a regular file: " + path);
      if ((flags & O_ACCMODE) != 0 || (flags & WRITING) != 0) {
        throw new FsException(Errno.EROFS, "read-only: cannot open for writing " + path);
      }
      try {
        return new OpenFile(path, e, reader.chunks(e));
      } catch (RuntimeException ex) {
        throw Errors.io("open " + path, ex);
      }
    });
  }

  private int read(OpenFile f, long offset, ByteBuffer dst) {
    if (offset < 0) throw new FsException(Errno.EINVAL, "read at " + offset);
    int n;
    try {
      n = f.read(offset, dst, chunks);
    } catch (RuntimeException e) {
      throw Errors.io("read " + f.path() + " at " + offset, e);
    }
    if (n > 0 && offset == 0 && f.notLocal(0)) prefetchFollowing(f.path(), f);
    if (n > 0 && f.advance(offset, offset + n)) prefetchAfter(f, offset + n - 1);
    return n;
  }

  public void release(long handle) {
    if (handles.remove(handle) == null) throw new FsException(Errno.EBADF, "release: no open file with handle "
        + handle);
  }

  public String readlink(String path) {
    return call("readlink", path, () -> {
      TreeEntry e = paths.resolve(path);
      if (!e.isSymlink()) throw new FsException(Errno.EINVAL, "not a symlink: " + path);
      // a pull refuses a version holding such a link; a lazy mount sees each link only here
      if (reader.isLazy() && SymlinkCheck.escapes(path.substring(1), e.target())) {
        throw new FsException(Errno.EIO, "refusing " + path + ": a symlink that leaves the dataset (the remote's "
            + version().label() + " is damaged)");
      }
      return e.target();
    });
  }

  /** Sizes from the version's totals; nothing is free on a read-only version. */
  public FsStats statfs() {
    Totals t = reader.version().record().totals();
    long blocks = (t.bytes() + BLOCK - 1) / BLOCK;
    return new FsStats(BLOCK, blocks, 0, t.files() + t.dirs() + t.symlinks(), 0, NAME_MAX);
  }

  public byte[] getxattr(String path, String name) {
    return call("getxattr", path, () -> {
      TreeEntry e = paths.resolve(path);
      ReadPlan plan = remotePrefetch.plan();
      if (name.equals(ReadPlan.XATTR) && e == paths.root() && plan != null) return utf8(plan.status());
      if (name.startsWith(ReadPlan.XATTR + "=")) return readPlan(e, path, name.substring(ReadPlan.XATTR.length() + 1));
      if (name.equals(XATTR_SHA256) && e.isFile()) return utf8(e.contentId().hex());
      if (name.equals(XATTR_VERSION) && e == paths.root()) return utf8(version().label() + " " + version().id().hex());
      throw new FsException(Errno.ENODATA, "no attribute " + name + " on " + path);
    });
  }

  /** The extended attributes {@link #getxattr} answers for {@code path}. */
  public List<String> listxattr(String path) {
    return call("listxattr", path, () -> {
      TreeEntry e = paths.resolve(path);
      if (e == paths.root()) return remotePrefetch.plan() == null ? List.of(XATTR_VERSION)
          : List.of(XATTR_VERSION, ReadPlan.XATTR);
      return e.isFile() ? List.of(XATTR_SHA256) : List.of();
    });
  }

  /**
   * Asking the root for {@value ReadPlan#XATTR}{@code =LISTING} follows the plan in the file LISTING (an absolute path)
   * from now on, in place of the one before, and answers {@code following LISTING: N files}; an empty LISTING stops
   * following, answering {@code stopped}. A read-only mount is read-only in the kernel (which refuses setxattr before
   * the daemon sees it), so the plan comes as the name of an attribute asked for. Asking again for the plan followed
   * now, its listing unchanged since (size and mtime), only answers: a client may ask twice (for the size, then the
   * value). A listing that cannot be followed is EINVAL, logged with its cause; the plan before it is kept.
   */
  private byte[] readPlan(TreeEntry e, String path, String listing) {
    if (e != paths.root()) {
      throw new FsException(Errno.EINVAL, ReadPlan.XATTR + " is asked of the mount's root, not of " + path);
    }
    if (listing.isEmpty()) {
      remotePrefetch.dropPlan();
      return utf8("stopped");
    }
    ReadPlan now = remotePrefetch.plan();
    if (now == null || !now.isFrom(listing)) {
      try {
        now = ReadPlan.load(reader, listing, this::planned);
      } catch (FsException refused) {
        System.getLogger("datafs.remote").log(System.Logger.Level.WARNING, version().label() + ": "
            + refused.getMessage());
        throw refused;
      }
      remotePrefetch.follow(now);
    }
    return utf8(now.started());
  }

  /**
   * The regular file a read plan's path names, following symlinks to files within the version (as the kernel does
   * when the reader opens the path), with its path; null when there is none.
   */
  private ReadPlan.Located planned(String path) {
    String at = path;
    for (int hops = 0; hops < 8 && at != null; hops++) {
      TreeEntry e;
      try {
        e = paths.resolve(at);
      } catch (FsException ex) {
        if (ex.errno() == Errno.EIO) throw ex;
        return null;
      }
      if (e.isFile()) return new ReadPlan.Located(at, e);
      if (!e.isSymlink() || e.target().startsWith("/")) return null;
      at = ReadPlan.canonical(at.substring(0, at.lastIndexOf('/') + 1) + e.target());
    }
    return null;
  }

  /** Stops read-ahead and forgets open handles and the files kept; the reader and the shared cache stay open. */
  @Override
  public void close() {
    readAhead.close();
    remotePrefetch.close();
    handles.clear();
    recentFiles.invalidateAll();
  }

  /** Where reads get chunks: for tests. */
  Chunks chunks() {
    return chunks;
  }

  /** Waits for every prefetch set off so far: for tests. */
  void awaitReadAhead() {
    try {
      readAhead.awaitIdle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Waits for the warm-ups of shuffled reads set off so far: for tests. */
  void awaitWarmup() throws Exception {
    remotePrefetch.awaitWarmup();
  }

  /** Waits until the read plan, if any, fetched all it may before the reader opens more: for tests. */
  void awaitReadPlan() throws InterruptedException {
    ReadPlan plan = remotePrefetch.plan();
    if (plan != null) plan.awaitFollowed();
  }

  /** Open handles, for the daemon's status. */
  public int openHandles() {
    return handles.size();
  }

  /**
   * When {@code path}, read from its start, came through the chunk cache (compressed, or from a remote) and was
   * opened in its directory's order, fetches the files after it. Local stored-as-is content needs none of this.
   */
  private void prefetchFollowing(String path, OpenFile file) {
    int slash = path.lastIndexOf('/');
    String dirPath = slash == 0 ? "/" : path.substring(0, slash);
    try {
      remotePrefetch.readFromStart(dirPath, paths.resolve(dirPath), path.substring(slash + 1), file);
    } catch (RuntimeException e) {
      // a prefetch is only a guess: the reads themselves report what is wrong
    }
  }

  /** Prefetches the chunks after the one holding byte {@code last}. */
  private void prefetchAfter(OpenFile f, long last) {
    int current = f.chunkAt(last);
    if (f.notLocal(current)) remotePrefetch.readTo(f, last + 1);
    int next = current + 1;
    for (int i = next; i < Math.min(next + READ_AHEAD_CHUNKS, f.chunkCount()); i++) {
      int chunk = i;
      if (!f.ready(chunk)) readAhead.prefetch(() -> f.prefetch(chunk, chunks));
    }
  }

  /** Runs one operation on {@code path}; any failure becomes an FsException whose message names both. */
  private static <T> T call(String op, String path, Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw Errors.of(op + " " + path, e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The root's mtime: when the version was made. A record whose time does not parse gives the epoch. */
  private static long versionTime(Version v) {
    String time = v.record().time();
    if (time == null) return 0;
    try {
      Instant t = Instant.parse(time);
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  PathResolver paths() {
    return paths;
  }

  Inodes inodes() {
    return inodes;
  }
}
