package io.datafs.fs.overlay;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.repo.Repository;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import io.datafs.fs.ChunkCache;
import io.datafs.fs.Chunks;
import io.datafs.fs.Errno;
import io.datafs.fs.Errors;
import io.datafs.fs.FsException;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One overlay's state and its changes, each persisted as it is made: the staged nodes ({@link Delta}) over the base
 * version, the data files, and the data files a commit in progress has sealed (a write to one of those copies it
 * first, so the commit reads what it sealed; {@link CopyUp} stages content). Every method but {@link #locked} expects
 * the caller to hold the lock.
 */
final class Staging {
  final Repository repo;
  final CommitSteps steps;
  final ReentrantLock commitGate = new ReentrantLock();
  /** What the mount keeps per inode (numbers, atime, ctime, owners): for its life, not in any version. */
  final OverlayInodes inodes = new OverlayInodes();
  /** Data files a commit under way is reading: never written or deleted until it ends. */
  final Set<String> sealed = new HashSet<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final ChunkCache cache;
  private final OverlayRows rows;
  private final DataFiles data;
  private final String mountDir;
  private final Namespace ns;
  private final CopyUp copyUp;
  private Version base;
  private Delta delta;
  private boolean batching;

  Staging(Repository repo, ChunkCache cache, CommitSteps steps, OverlayRows rows, DataFiles data, String mountDir,
          Version base, Delta delta) {
    this.repo = repo;
    this.cache = cache;
    this.steps = steps;
    this.rows = rows;
    this.data = data;
    this.mountDir = mountDir;
    this.base = base;
    this.delta = delta;
    this.ns = new Namespace(repo.reader(base), delta);
    this.copyUp = new CopyUp(this);
  }

  <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code body} under the lock; any failure becomes an FsException whose message names the operation. What
   * the inodes keep across a restart is written when the operation ends (a rename or unlink moves them after its
   * last row is written).
   */
  <T> T call(String op, String path, Supplier<T> body) {
    return locked(() -> {
      try {
        T result = body.get();
        if (inodes.hasUnsaved()) persist();
        return result;
      } catch (RuntimeException e) {
        throw Errors.of(op + " " + path, e);
      }
    });
  }

  void lock() {
    lock.lock();
  }

  void unlock() {
    lock.unlock();
  }

  Version base() {
    return locked(() -> base);
  }

  Delta delta() {
    return delta;
  }

  Namespace namespace() {
    return ns;
  }

  DataFiles data() {
    return data;
  }

  CopyUp copyUp() {
    return copyUp;
  }

  OverlayRows rows() {
    return rows;
  }

  String mountDir() {
    return mountDir;
  }

  OverlayRows.Meta meta(Version v) {
    return new OverlayRows.Meta(mountDir, v.record().dataset(), v.record().number(), v.id().hex());
  }

  /** After a commit: the new version, and what is still staged over it. */
  void moveTo(Version v, VersionReader reader, Delta staged) {
    staged.drainChanges();
    this.base = v;
    this.delta = staged;
    ns.reset(reader, staged);
  }

  /** Whether reads of stored content may wait on a remote. */
  boolean readsWait() {
    return ns.reader().mayReadRemote();
  }

  /** Where reads of stored content get its chunks: the version below as it is now. */
  Chunks chunks() {
    return new Chunks(ns.reader(), cache, false); // no kernel_cache on a writable mount
  }

  // ---- changes to nodes, each persisted

  /**
   * Runs {@code body}, whose changes are written as one batch of rows when it ends (the way a call that changes
   * many paths is atomic: it checks everything before its first change).
   */
  <T> T batch(Supplier<T> body) {
    batching = true;
    try {
      return body.get();
    } finally {
      batching = false;
      persist();
    }
  }

  void put(String rel, Node node) {
    delta.put(rel, node);
    persist();
  }

  /** Removes what is at {@code r} and below it, leaving a whiteout where the version below has something. */
  void remove(Resolved r) {
    for (String p : delta.below(r.path())) drop(p);
    Node old = delta.get(r.path());
    if (r.below() != null) delta.put(r.path(), Node.WHITEOUT);
    else delta.remove(r.path());
    free(old);
    persist();
  }

  /** rename(2) once checked: {@code src} with everything staged below it goes to {@code dst}, replacing it. */
  void move(Resolved src, Resolved dst) {
    String a = src.path();
    String b = dst.path();
    Node moved = movedNode(src);
    Map<String, Node> below = new LinkedHashMap<>();
    for (String p : delta.below(a)) below.put(p.substring(a.length()), delta.get(p));
    for (String p : delta.below(b)) drop(p);
    Node replaced = delta.get(b);
    for (String p : delta.below(a)) delta.remove(p);
    delta.remove(a);
    if (src.below() != null) delta.put(a, Node.WHITEOUT);
    delta.put(b, moved);
    below.forEach((suffix, n) -> delta.put(b + suffix, n));
    free(replaced);
    persist();
  }

  void setMode(Resolved r, int mode) {
    Node n = r.node();
    TreeEntry e = r.below();
    Node now;
    if (n instanceof Node.Dir d) now = d.withMode(mode);
    else if (n instanceof Node.File f) now = f.withMode(mode);
    else if (n != null || e.isSymlink()) return; // a symlink's mode is always 0777
    else if (e.isFile()) now = Node.File.stored(e, mode, e.mtimeNanos(), r.origin());
    else now = new Node.Dir(mode, e.mtimeNanos(), null, null);
    put(r.path(), now);
  }

  void setMtime(Resolved r, long nanos, Collection<Handle> handles) {
    Node n = r.node();
    TreeEntry e = r.below();
    Node now;
    if (n instanceof Node.File f && f.isStaged()) {
      data.setMtime(copyUp.stage(r.path(), Long.MAX_VALUE, handles), nanos);
      return;
    }
    if (n instanceof Node.Dir d) now = d.withMtime(nanos);
    else if (n instanceof Node.File f) now = new Node.File(f.mode(), nanos, null, f.base(), f.from());
    else if (n instanceof Node.Symlink s) now = new Node.Symlink(s.target(), nanos);
    else if (e.isFile()) now = Node.File.stored(e, e.mode(), nanos, r.origin());
    else if (e.isDir()) now = new Node.Dir(e.mode(), nanos, null, null);
    else now = new Node.Symlink(e.target(), nanos);
    put(r.path(), now);
  }

  // ---- the rest

  /** The overlay's path for a new name at FUSE {@code path}, refusing names the store would refuse at commit. */
  String checkNewName(String path) {
    String rel = OverlayFileSystem.rel(path);
    if (rel.isEmpty()) throw new FsException(Errno.EEXIST, "the mount's root exists");
    String name = Delta.name(rel);
    if (Names.utf8Length(name) > Names.MAX_BYTES) {
      throw new FsException(Errno.ENAMETOOLONG, "name over 255 bytes: " + path);
    }
    try {
      Names.check(name);
    } catch (InvalidInputException e) {
      throw new FsException(Errno.EINVAL, e.getMessage());
    }
    return rel;
  }

  /** Makes every staged node durable (an fsync asks for this). */
  void sync() {
    KvBatch b = new KvBatch();
    rows.drain(delta, b);
    rows.drainKept(inodes, b);
    rows.putMeta(b, meta(base));
    rows.write(b.sync());
  }

  /** Drops the staged changes at or below {@code paths} (every one when empty); a rename goes with its source. */
  int discard(List<String> paths) {
    return locked(() -> {
      if (commitGate.isLocked()) {
        throw new InvalidInputException("a commit of " + mountDir + " is under way: discard after it");
      }
      int before = new StatusReport(delta, ns).changes().size();
      if (paths.isEmpty()) {
        for (String p : delta.below("")) drop(p);
        if (delta.get("") != null) drop("");
      }
      for (String path : paths) {
        String rel = path.replaceAll("^/+|/+$", "");
        for (String p : delta.below(rel)) drop(p);
        if (!rel.isEmpty() && delta.get(rel) != null) drop(rel);
      }
      persist();
      return before - new StatusReport(delta, ns).changes().size();
    });
  }

  /** When the version was made: the root's mtime. */
  long versionTime() {
    try {
      Instant t = Instant.parse(String.valueOf(base.record().time()));
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  static long now() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Deletes data files no node uses any more and no commit is reading. Open handles keep theirs readable. */
  void free(Node n) {
    if (n instanceof Node.File f && f.isStaged() && !delta.usesData(f.data()) && !sealed.contains(f.data())) {
      data.delete(f.data());
    }
  }

  private void drop(String p) {
    Node n = delta.get(p);
    if (n == null) return;
    delta.remove(p);
    if ((n instanceof Node.File f && f.from() != null && !f.from().equals(p))
        || (n instanceof Node.Dir d && d.lower() != null && d.from() != null && !d.from().equals(p))) {
      String from = n instanceof Node.File f ? f.from() : ((Node.Dir) n).from();
      if (delta.get(from) instanceof Node.Whiteout) delta.remove(from); // a dropped rename restores its source
    }
    free(n);
  }

  /** Writes the rows of what changed since the last write: staged nodes, what the inodes keep across a restart. */
  private void persist() {
    if (batching) return; // written when the batch ends
    KvBatch b = new KvBatch();
    rows.drain(delta, b);
    rows.drainKept(inodes, b);
    rows.write(b);
  }

  /** What a moved entry becomes at its new place: its node, or the entry below as a node that remembers it. */
  private static Node movedNode(Resolved src) {
    Node n = src.node();
    TreeEntry e = src.below();
    if (n instanceof Node.Dir d) {
      String from = d.lower() != null ? d.from() : e != null && e.isDir() ? src.origin() : null;
      return new Node.Dir(d.mode(), d.mtimeNanos(), src.lowerDir(), from);
    }
    if (n != null) return n;
    if (e.isFile()) return Node.File.stored(e, e.mode(), e.mtimeNanos(), src.origin());
    if (e.isDir()) return new Node.Dir(e.mode(), e.mtimeNanos(), e.contentId(), src.origin());
    return new Node.Symlink(e.target(), e.mtimeNanos());
  }
}
