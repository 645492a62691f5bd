package io.datafs.fs.overlay;

import io.datafs.core.annotate.ObjectWalker;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.sync.RemoteTarget;
import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import io.datafs.fs.Attributes;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.FsStats;
import io.datafs.fs.fuse.WritableFs;
import io.datafs.fs.overlay.Namespace.Listed;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * A version with a staging overlay on top: what a writable mount serves, with no FUSE in sight. Reads see staged
 * nodes over the version; every change is a node written to the store's index at once (so it outlives a killed
 * daemon), and file content is staged in data files, copied up from the version on the first write. See
 * docs/SEMANTICS.md for every operation and refusal. Namespace operations run under one lock (they are short);
 * reads of file content run outside it. Changes of names are made by {@link NameChanges}, of what an inode keeps
 * by {@link InodeChanges}.
 */
public final class OverlayFileSystem implements WritableFs, AutoCloseable {
  static final int O_EXCL = 0200;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final long BLOCK = 4096;

  final Staging staging;
  private final Namespace ns;
  private final OverlayAttributes attributes;
  private final DirListings listings = new DirListings();
  private final OpenFiles files;
  private final Placement placement;
  private final InodeChanges inodeChanges;
  private final NameChanges names;

  OverlayFileSystem(Staging staging, long ownerUid, long ownerGid) {
    this.staging = staging;
    this.ns = staging.namespace();
    this.files = new OpenFiles(staging);
    this.placement = new Placement(staging, files);
    this.attributes = new OverlayAttributes(staging);
    this.inodeChanges = new InodeChanges(staging, attributes, files, ownerUid, ownerGid);
    this.names = new NameChanges(staging, attributes, files, inodeChanges);
  }

  /** The version the staged changes apply to; after a commit, the new version. */
  public Version base() {
    return staging.base();
  }

  /** What differs from the base, in tree order. */
  public List<StagedChange> status() {
    return staging.locked(() -> new StatusReport(staging.delta(), ns).changes());
  }

  /** Bytes of staged file content held in this overlay now: for `datafs stats`. */
  public long stagedBytes() {
    return staging.data().totalBytes();
  }

  /** Drops the staged changes at or below {@code paths} (all when empty); returns how many were dropped. */
  public int discard(List<String> paths) {
    return staging.discard(paths);
  }

  /** {@code datafs add}: stages stored file entries at their paths, metadata only ({@link Placement#add}). */
  public int addStored(SortedMap<String, TreeEntry> files) {
    return placement.add(files);
  }

  /** The mount's view as stored entries, for {@code datafs del} to select from ({@link StoredView}). */
  public ObjectWalker.Listing storedView() {
    return new StoredView(staging);
  }

  /** {@code datafs del}: deletes the files and symlinks shown at {@code paths} ({@link Placement#remove}). */
  public int removeStaged(Collection<String> paths) {
    return placement.remove(paths);
  }

  /**
   * Publishes base + staged changes as the next version and moves the mount onto it with whatever was written
   * meanwhile still staged. Nothing staged: InvalidInputException unless {@code allowEmpty}.
   */
  public ImportResult commit(ImportOptions options, boolean allowEmpty) {
    return commit(options, allowEmpty, null);
  }

  /** {@link #commit}, publishing to {@code remote} too (null for none): see {@code Repository#commit}. */
  public ImportResult commit(ImportOptions options, boolean allowEmpty, RemoteTarget remote) {
    return new OverlayCommit(staging).run(options, allowEmpty, remote);
  }

  // ---- reading

  @Override
  public Attributes getattr(String path) {
    return locked("getattr", path, () -> {
      String rel = rel(path);
      Attributes unlinked = files.hidden(Delta.name(rel));
      return unlinked != null ? unlinked : attributes.of(ns.existing(rel));
    });
  }

  /** fstat: by path while the file has one; a file unlinked while open answers from what its handle holds. */
  @Override
  public Attributes fgetattr(long handle, String path) {
    return path != null ? getattr(path) : files.unlinkedAttributes(handle);
  }

  @Override
  public long opendir(String path) {
    return locked("opendir", path, () -> {
      if (!ns.existing(rel(path)).isDir()) throw new FsException(Errno.ENOTDIR, "not a directory: " + path);
      return listings.open();
    });
  }

  /** Resumes after the entry {@code offset} names, so changes between calls never skip or repeat one that stays. */
  @Override
  public List<DirEntry> readdir(String path, long dirHandle, long offset, int max) {
    DirListings.Listing listing = listings.get(dirHandle);
    return locked("readdir", path, () -> {
      Resolved dir = ns.existing(rel(path));
      if (!dir.isDir()) throw new FsException(Errno.ENOTDIR, "not a directory: " + path);
      List<DirEntry> out = new ArrayList<>();
      long cookie = offset;
      for (Listed e : ns.listAfter(dir, listing.after(offset), max)) {
        Resolved r = new Resolved(Delta.child(dir.path(), e.name()), e.node(), e.below(), null, null);
        cookie = listing.cookie(cookie, e.name());
        out.add(new DirEntry(e.name(), attributes.ino(r.path()), r.kind(), cookie));
      }
      return out;
    });
  }

  @Override
  public void releasedir(long dirHandle) {
    listings.release(dirHandle);
  }

  @Override
  public long open(String path, int flags) {
    return locked("open", path, () -> files.open(rel(path), flags));
  }

  @Override
  public int read(long handle, long offset, ByteBuffer dst) {
    return files.read(handle, offset, dst);
  }

  @Override
  public boolean readsWait() {
    return staging.readsWait();
  }

  @Override
  public void release(long handle) {
    files.release(handle);
  }

  @Override
  public String readlink(String path) {
    return locked("readlink", path, () -> {
      Resolved r = ns.existing(rel(path));
      if (r.kind() != EntryKind.SYMLINK) throw new FsException(Errno.EINVAL, "not a symlink: " + path);
      return r.target();
    });
  }

  /** The overlay's disk: what is free there is what can still be staged. */
  @Override
  public FsStats statfs() {
    try {
      FileStore store = Files.getFileStore(staging.data().dir());
      long files = base().record().totals().files() + base().record().totals().dirs();
      return new FsStats(BLOCK, store.getTotalSpace() / BLOCK, store.getUsableSpace() / BLOCK, files, 1L << 32,
          Names.MAX_BYTES);
    } catch (IOException e) {
      throw DataFiles.io("statfs", e);
    }
  }

  @Override
  public byte[] getxattr(String path, String name) {
    return locked("getxattr", path, () -> attributes.xattr(ns.existing(rel(path)), name));
  }

  @Override
  public List<String> listxattr(String path) {
    return locked("listxattr", path, () -> attributes.xattrNames(ns.existing(rel(path))));
  }

  // ---- changing

  @Override
  public long create(String path, int mode, int flags) {
    return locked("create", path, () -> {
      String rel = staging.checkNewName(path);
      Resolved r = ns.resolve(rel);
      if (r.exists()) {
        if ((flags & O_EXCL) != 0) throw new FsException(Errno.EEXIST, "exists: " + path);
        return open(path, flags);
      }
      String data = staging.data().create();
      staging.put(rel, Node.File.staged(mode & 07777, data, null));
      staging.inodes.created(rel, -1, -1);
      return files.openStaged(rel, data, true, (flags & OpenFiles.O_APPEND) != 0);
    });
  }

  @Override
  public int write(long handle, long offset, byte[] src, int size) {
    return files.write(handle, offset, src, size);
  }

  @Override
  public void truncate(String path, long size) {
    run("truncate", path, () -> files.resize(rel(path), size));
  }

  @Override
  public void ftruncate(long handle, long size) {
    files.ftruncate(handle, size);
  }

  /** Writes go straight to the staged data file: nothing to flush at close. */
  @Override
  public void flush(long handle) {
    files.handle(handle);
  }

  @Override
  public void fsync(long handle, boolean dataOnly) {
    files.fsync(handle, dataOnly);
  }

  /** A directory's entries are rows of the overlay (and names of data files): both made durable. */
  @Override
  public void fsyncdir(String path) {
    staging.data().syncEntries();
    staging.call("fsyncdir", path, () -> {
      staging.sync();
      return null;
    });
  }

  @Override
  public void unlink(String path) {
    run("unlink", path, () -> names.unlink(path));
  }

  @Override
  public void mkdir(String path, int permissions) {
    run("mkdir", path, () -> names.mkdir(path, permissions));
  }

  @Override
  public void rmdir(String path) {
    run("rmdir", path, () -> names.rmdir(path));
  }

  @Override
  public void rename(String from, String to) {
    run("rename", from + " -> " + to, () -> names.rename(from, to));
  }

  @Override
  public void chmod(String path, int mode) {
    run("chmod", path, () -> inodeChanges.chmod(rootless(path, "chmod"), mode));
  }

  /** Owners are not versioned: see {@link InodeChanges#chown}. */
  @Override
  public void chown(String path, long uid, long gid) {
    run("chown", path, () -> inodeChanges.chown(rel(path), uid, gid));
  }

  /** The creator of a path just made owns it for the life of the mount ({@link InodeChanges#created}). */
  @Override
  public void created(String path, long uid, long gid) {
    run("created", path, () -> inodeChanges.created(rel(path), uid, gid));
  }

  @Override
  public void utimens(String path, long atimeNanos, long mtimeNanos) {
    run("utimens", path, () -> inodeChanges.utimens(rootless(path, "set times of"), atimeNanos, mtimeNanos));
  }

  @Override
  public void symlink(String target, String path) {
    run("symlink", path, () -> names.symlink(target, path));
  }

  @Override
  public void link(String from, String to) {
    run("link", to, () -> names.link(from, to));
  }

  /** Only regular files: FIFOs, sockets and devices are not versioned (refused once the name is checked). */
  @Override
  public void mknod(String path, int mode, long rdev) {
    int type = mode & S_IFMT;
    if (type != 0 && type != S_IFREG) {
      run("mknod", path, () -> {
        String rel = staging.checkNewName(path);
        if (ns.resolve(rel).exists()) throw new FsException(Errno.EEXIST, "exists: " + path);
        throw new FsException(Errno.EPERM, "only regular files, directories and symlinks are versioned: " + path);
      });
    }
    release(create(path, mode, O_EXCL | 1));
  }

  @Override
  public void setxattr(String path, String name, byte[] value, int flags) {
    throw new FsException(Errno.ENOTSUP, "extended attributes are not versioned: " + name + " on " + path);
  }

  @Override
  public void removexattr(String path, String name) {
    throw new FsException(Errno.ENOTSUP, "extended attributes are not versioned: " + name + " on " + path);
  }

  /** Forgets open handles; the staged changes stay in the store for the next mount. */
  @Override
  public void close() {
    files.closeAll();
  }

  public int openHandles() {
    return files.count();
  }

  // ---- helpers

  private String rootless(String path, String doing) {
    String rel = rel(path);
    if (rel.isEmpty()) throw new FsException(Errno.EPERM, "the root's mode and times are not versioned: cannot "
        + doing + " it");
    return rel;
  }

  private <T> T locked(String op, String path, Supplier<T> body) {
    return staging.call(op, path, body);
  }

  private void run(String op, String path, Runnable body) {
    locked(op, path, () -> {
      body.run();
      return null;
    });
  }

  /** "/a/b" as the overlay's "a/b"; the root is "". A null path (a file unlinked while open) has no name. */
  static String rel(String path) {
    if (path == null) throw new FsException(Errno.ENOENT, "the file was removed");
    if (!path.startsWith("/")) throw new FsException(Errno.EINVAL, "not an absolute path: " + path);
    return path.length() == 1 ? "" : path.substring(1);
  }

  static String fuse(String rel) {
    return "/" + rel;
  }
}
