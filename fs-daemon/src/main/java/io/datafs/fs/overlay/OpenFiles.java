package io.datafs.fs.overlay;

import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.TreeEntry;
import io.datafs.fs.Attributes;
import io.datafs.fs.Errno;
import io.datafs.fs.Errors;
import io.datafs.fs.FsException;
import io.datafs.fs.OpenFile;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open files of an overlay, by handle: reading stored content until a write stages the file, then its data
 * file; following renames; keeping their content when unlinked. Changes run under the overlay's lock, reads not.
 */
final class OpenFiles {
  private static final System.Logger LOG = System.getLogger("datafs.overlay");
  static final int O_ACCMODE = 03;
  static final int O_TRUNC = 01000;
  static final int O_APPEND = 02000;
  private static final long PROBED_ABOVE = 1L << 40;
  /**
   * How libfuse names a file unlinked while open (the mount has no {@code hard_remove}): it renames the file to
   * {@code .fuse_hiddenXXXXXXXXYYYYYYYY} in its directory, asks for its attributes there while it is open (fstat),
   * and unlinks that name at the last close. The overlay takes the rename as the unlink; the name is never listed,
   * staged or committed.
   */
  static final String HIDDEN = ".fuse_hidden";

  private final Staging staging;
  private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(1);
  /** Files unlinked while open, by the hidden name libfuse gave them: their handles. */
  private final Map<String, List<Long>> hidden = new ConcurrentHashMap<>();

  OpenFiles(Staging staging) {
    this.staging = staging;
  }

  /** Opens the regular file at {@code rel}; the caller holds the lock. */
  long open(String rel, int flags) {
    boolean writable = (flags & O_ACCMODE) != 0;
    if (writable && (flags & O_TRUNC) != 0) resize(rel, 0);
    Resolved r = staging.namespace().existing(rel);
    if (r.isDir()) throw new FsException(Errno.EISDIR, "a directory: /" + rel);
    if (r.kind() != EntryKind.FILE) throw new FsException(Errno.EINVAL, "not a regular file: /" + rel);
    boolean append = (flags & O_APPEND) != 0;
    if (r.node() instanceof Node.File f && f.isStaged()) return openStaged(rel, f.data(), writable, append);
    TreeEntry stored = CopyUp.storedEntry(r);
    OpenFile content = new OpenFile("/" + rel, stored, staging.namespace().reader().chunks(stored));
    return register(new Handle(rel, writable, append, content));
  }

  /** Opens a staged data file just made for a new file at {@code rel}; the caller holds the lock. */
  long openStaged(String rel, String data, boolean writable, boolean append) {
    Handle h = new Handle(rel, writable, append, null);
    h.stage(data, staging.data().open(data));
    return register(h);
  }

  int read(long handle, long offset, ByteBuffer dst) {
    Handle h = handle(handle);
    Handle.Source src = h.source();
    try {
      if (src.channel() == null) return src.stored().read(offset, dst, staging.chunks());
      int start = dst.position();
      while (dst.hasRemaining() && src.channel().read(dst, offset + dst.position() - start) >= 0) {
        // until full or at the end of the file
      }
      return dst.position() - start;
    } catch (IOException e) {
      throw DataFiles.io("read " + h.path, e);
    } catch (RuntimeException e) {
      throw Errors.io("read " + h.path + " at " + offset, e);
    }
  }

  /** Writes all of {@code src[0, size)} or nothing: a write that fails part way (a full disk) is undone. */
  int write(long handle, long offset, byte[] src, int size) {
    Handle h = writable(handle);
    return staging.call("write", h.path, () -> {
      refuseTooLarge(offset + size);
      changed(h);
      FileChannel ch = staging.copyUp().writableChannel(h, handles.values());
      String what = "write /" + (h.path == null ? "(unlinked)" : h.path);
      long length;
      long at;
      ByteBuffer overwritten;
      try {
        length = ch.size();
        at = h.append ? length : offset;
        overwritten = bytesAt(ch, at, (int) Math.min(size, Math.max(0, length - at)));
      } catch (IOException e) {
        throw DataFiles.io(what, e);
      }
      try {
        ByteBuffer buf = ByteBuffer.wrap(src, 0, size);
        while (buf.hasRemaining()) ch.write(buf, at + buf.position());
        return size;
      } catch (IOException e) {
        undo(ch, at, overwritten, length, what);
        throw DataFiles.io(what, e);
      }
    });
  }

  /** The {@code count} bytes at {@code at}: what a write is about to overwrite (appends overwrite nothing). */
  private static ByteBuffer bytesAt(FileChannel ch, long at, int count) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(count);
    while (b.hasRemaining() && ch.read(b, at + b.position()) >= 0) {
      // until all read; the file is at least this long
    }
    return b.flip();
  }

  /** Puts back what a failed write overwrote and cuts off what it appended: the file is as it was. */
  private static void undo(FileChannel ch, long at, ByteBuffer overwritten, long length, String what) {
    try {
      while (overwritten.hasRemaining()) ch.write(overwritten, at + overwritten.position());
      if (ch.size() > length) ch.truncate(length);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot undo a failed " + what + ": " + e.getMessage());
    }
  }

  void ftruncate(long handle, long size) {
    Handle h = writable(handle);
    staging.call("ftruncate", h.path, () -> {
      refuseTooLarge(size);
      changed(h);
      CopyUp.setLength(staging.copyUp().writableChannel(h, handles.values()), size);
      return null;
    });
  }

  /** Stages the file at {@code rel} with only the first {@code size} bytes copied, then sets its length. */
  void resize(String rel, long size) {
    Resolved r = staging.namespace().existing(rel);
    if (r.isDir()) throw new FsException(Errno.EISDIR, "a directory: /" + rel);
    refuseTooLarge(size);
    staging.inodes.at(rel).changed();
    String data = staging.copyUp().stage(rel, size, handles.values());
    try (FileChannel ch = staging.data().open(data)) {
      CopyUp.setLength(ch, size);
    } catch (IOException e) {
      throw DataFiles.io("truncate /" + rel, e);
    }
  }

  void fsync(long handle, boolean dataOnly) {
    Handle h = handle(handle);
    FileChannel ch = h.channel();
    try {
      if (ch != null) ch.force(!dataOnly);
    } catch (IOException e) {
      throw DataFiles.io("fsync " + h.path, e);
    }
    staging.data().syncEntries(); // the data file's name too, or the synced row would name a file a power cut lost
    staging.call("fsync", h.path, () -> {
      staging.sync();
      return null;
    });
  }

  /**
   * EFBIG, before anything is staged, for a size past what the overlay's disk holds in one file (ext4: 16 TiB):
   * asked of the disk with an empty sparse file, only for sizes over 1 TiB, so a refused truncate or write changes
   * nothing (no copy-up, no ctime).
   */
  private void refuseTooLarge(long size) {
    if (size <= PROBED_ABOVE) return;
    String probe = staging.data().create();
    try (FileChannel ch = staging.data().open(probe)) {
      CopyUp.setLength(ch, size);
    } catch (IOException e) {
      throw DataFiles.io("size a staged file", e);
    } finally {
      staging.data().delete(probe);
    }
  }

  /** Content changes move the ctime now, as the mount's clock reads it (the data file's may lag a few ms). */
  private void changed(Handle h) {
    if (h.path != null) staging.inodes.at(h.path).changed();
    else if (h.inode != null) h.inode.changed();
  }

  /** fstat of a file unlinked while open: what it was when unlinked, with no link, the size its handle holds. */
  Attributes unlinkedAttributes(long handle) {
    Handle h = handle(handle);
    Handle.Source src = h.source();
    Attributes last = h.unlinked;
    if (last == null) throw new FsException(Errno.ENOENT, "handle " + handle + " (unlinked)");
    try {
      long size = src.channel() != null ? src.channel().size() : src.stored().size();
      return OverlayAttributes.withInode(h.inode, EntryKind.FILE, last.mode(), size, last.mtimeNanos(), 0, 0);
    } catch (IOException e) {
      throw DataFiles.io("fstat an unlinked file", e);
    }
  }

  boolean isOpen(String rel) {
    for (Handle h : handles.values()) if (rel.equals(h.path)) return true;
    return false;
  }

  /** The file at {@code rel}, unlinked while open, goes by {@code name} until its last close (no path shows it). */
  void hide(String name, String rel, Attributes last, OverlayInodes.Inode inode) {
    List<Long> ids = new ArrayList<>();
    handles.forEach((id, h) -> {
      if (rel.equals(h.path)) ids.add(id);
    });
    detach(rel, last, inode);
    hidden.put(name, ids);
  }

  /** fstat by the hidden name of a file unlinked while open, through any handle still open; null for other names. */
  Attributes hidden(String name) {
    List<Long> ids = hidden.get(name);
    if (ids == null) return null;
    for (long id : ids) if (handles.containsKey(id)) return unlinkedAttributes(id);
    return null;
  }

  /** The last close of a hidden file: forgets its name; false for names that are not hidden. */
  boolean unhide(String name) {
    return hidden.remove(name) != null;
  }

  void release(long handle) {
    Handle h = handles.remove(handle);
    if (h == null) throw new FsException(Errno.EBADF, "release: no open file with handle " + handle);
    h.close();
  }

  /**
   * Handles of a file that is being replaced or removed keep what they have, but no longer follow the path; fstat
   * through them shows {@code last}, the file as it was, with its {@code inode}.
   */
  void detach(String rel, Attributes last, OverlayInodes.Inode inode) {
    for (Handle h : handles.values()) {
      if (!rel.equals(h.path)) continue;
      h.path = null;
      h.unlinked = last;
      h.inode = inode;
    }
  }

  /** Handles at or below {@code from} follow it to {@code to}. */
  void follow(String from, String to) {
    for (Handle h : handles.values()) {
      if (h.path != null && Delta.within(h.path, from)) h.path = to + h.path.substring(from.length());
    }
  }

  Collection<Handle> all() {
    return handles.values();
  }

  Handle handle(long id) {
    Handle h = handles.get(id);
    if (h == null) throw new FsException(Errno.EBADF, "no open file with handle " + id);
    return h;
  }

  int count() {
    return handles.size();
  }

  void closeAll() {
    handles.values().forEach(Handle::close);
    handles.clear();
  }

  private Handle writable(long id) {
    Handle h = handle(id);
    if (!h.writable) throw new FsException(Errno.EBADF, "not open for writing: " + h.path);
    return h;
  }

  private long register(Handle h) {
    long id = nextHandle.getAndIncrement();
    handles.put(id, h);
    return id;
  }
}
