package io.datafs.fs.overlay;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.TreeEntry;
import io.datafs.fs.Chunks;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * Staged content of an overlay's files: the copy-up of a file's content into a data file of its own on its first
 * write or truncate (from the version, or from a data file a commit under way has sealed), and the channel a write
 * goes to. The caller holds the overlay's lock.
 */
final class CopyUp {
  private final Staging staging;
  private final DataFiles data;

  CopyUp(Staging staging) {
    this.staging = staging;
    this.data = staging.data();
  }

  /**
   * The data file of the regular file at {@code rel}, staging it first when its content is stored or sealed by a
   * commit: copies the first {@code limit} bytes of what it holds now (only what a truncate keeps). Open handles of
   * the file move to the new data file, so every reader sees the writes.
   */
  String stage(String rel, long limit, Collection<Handle> handles) {
    Resolved r = staging.namespace().existing(rel);
    if (r.kind() != EntryKind.FILE) {
      throw new FsException(r.isDir() ? Errno.EISDIR : Errno.EINVAL, "not a regular file: /" + rel);
    }
    Node n = r.node();
    if (n instanceof Node.File f && f.isStaged() && !staging.sealed.contains(f.data())) return f.data();
    String name = copy(r, limit);
    int mode = n instanceof Node.File f ? f.mode() : r.below().mode();
    String from = n instanceof Node.File f ? f.from() : r.origin();
    staging.put(rel, Node.File.staged(mode, name, from));
    for (Handle h : handles) {
      if (rel.equals(h.path) && !name.equals(h.data)) h.stage(name, data.open(name));
    }
    return name;
  }

  /** The channel a write through {@code h} goes to, staging its file first when needed. */
  FileChannel writableChannel(Handle h, Collection<Handle> handles) {
    // the common case, on every write: the handle's file is staged in its data file and no commit is reading it
    if (h.path != null && h.data != null && !staging.sealed.contains(h.data)
        && staging.delta().get(h.path) instanceof Node.File f && h.data.equals(f.data())) {
      return h.channel();
    }
    if (h.path != null) {
      String name = stage(h.path, Long.MAX_VALUE, handles);
      if (!name.equals(h.data)) h.stage(name, data.open(name));
      return h.channel();
    }
    if (h.data == null || staging.sealed.contains(h.data) || staging.delta().usesData(h.data)) {
      // unlinked while open: it gets content of its own, which no path names
      String name = data.create();
      try (FileChannel in = readable(h)) {
        FileChannel out = data.open(name);
        copyInto(in, h, out, Long.MAX_VALUE);
        h.stage(name, out);
      } catch (IOException e) {
        throw DataFiles.io("copy an unlinked file", e);
      } finally {
        data.delete(name);
      }
    }
    return h.channel();
  }

  private FileChannel readable(Handle h) throws IOException {
    return h.data == null ? null : FileChannel.open(data.path(h.data), StandardOpenOption.READ);
  }

  /** A new data file holding the first {@code limit} bytes of the file at {@code r}, with its mtime. */
  private String copy(Resolved r, long limit) {
    String name = data.create();
    Node n = r.node();
    long mtime;
    try (FileChannel out = data.open(name)) {
      if (n instanceof Node.File f && f.isStaged()) {
        try (FileChannel in = FileChannel.open(data.path(f.data()), StandardOpenOption.READ)) {
          copyInto(in, null, out, limit);
        }
        mtime = DataFiles.nanos(data.stat(f.data()).lastModifiedTime());
      } else {
        TreeEntry e = storedEntry(r);
        long done = 0;
        for (ChunkRef c : staging.namespace().reader().chunks(e)) {
          if (done >= limit) break;
          byte[] b = staging.namespace().reader().readChunk(c.id());
          ByteBuffer buf = ByteBuffer.wrap(b, 0, (int) Math.min(b.length, limit - done));
          while (buf.hasRemaining()) out.write(buf);
          done += b.length;
        }
        mtime = n instanceof Node.File f ? f.mtimeNanos() : e.mtimeNanos();
      }
    } catch (IOException e) {
      data.delete(name);
      throw DataFiles.io("copy /" + r.path() + " into the overlay", e);
    } catch (RuntimeException e) {
      data.delete(name);
      throw e;
    }
    data.setMtime(name, mtime);
    return name;
  }

  /** Copies from a data file, or when {@code in} is null from the stored content {@code h} reads. */
  private void copyInto(FileChannel in, Handle h, FileChannel out, long limit) throws IOException {
    if (in != null) {
      long size = Math.min(in.size(), limit);
      for (long at = 0; at < size; ) at += in.transferTo(at, size - at, out);
      return;
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    Chunks chunks = staging.chunks();
    for (long at = 0; at < limit; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), limit - at));
      int n = h.source().stored().read(at, buf, chunks);
      if (n <= 0) break;
      buf.flip();
      while (buf.hasRemaining()) out.write(buf);
      at += n;
    }
  }

  /** The stored entry a file's content comes from (it is not staged). */
  static TreeEntry storedEntry(Resolved r) {
    return r.node() instanceof Node.File f ? f.base() : r.below();
  }

  static void setLength(FileChannel ch, long size) {
    try {
      if (ch.size() > size) ch.truncate(size);
      else if (ch.size() < size) ch.write(ByteBuffer.allocate(1), size - 1);
    } catch (IOException e) {
      throw DataFiles.io("set the length of a staged file", e);
    }
  }
}
