package io.datafs.core.pack;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One open pack file. Its index is parsed and checked on open; every object read is checked: against its id by
 * {@link #read}, against its CRC32C by {@link #rawView}. Thread-safe: reads are positional and run concurrently.
 */
public final class PackReader implements AutoCloseable {

  private final Path file;
  private final ObjectId packId;
  private final PackKind kind;
  private final long size;
  private final List<PackEntry> entries;
  private volatile FileChannel ch;
  private volatile boolean closed;
  private volatile ByteBuffer mapped; // the whole file, read-only, mapped on the first rawView

  private PackReader(Path file, ObjectId packId, FileChannel ch, long size, PackFormat.Contents contents) {
    this.file = file;
    this.packId = packId;
    this.ch = ch;
    this.size = size;
    this.kind = contents.kind();
    this.entries = contents.entries();
  }

  /**
   * @throws StoreIoException when the file is missing or unreadable
   * @throws CorruptObjectException (with no object id) when its header, footer or index is damaged
   */
  public static PackReader open(Path packFile) {
    ObjectId id = idFromName(packFile);
    FileChannel ch;
    try {
      ch = FileChannel.open(packFile, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new StoreIoException("opening pack " + packFile, e);
    }
    try {
      long size = ch.size();
      return new PackReader(packFile, id, ch, size, PackFormat.read(ch, size));
    } catch (IllegalArgumentException | EOFException e) {
      closeQuietly(ch);
      throw new CorruptObjectException(null, "pack " + id + " is damaged: " + e.getMessage());
    } catch (IOException e) {
      closeQuietly(ch);
      throw new StoreIoException("reading pack " + packFile, e);
    }
  }

  /** The pack's id, as its file name says; {@link #computeId()} checks it. */
  public ObjectId packId() {
    return packId;
  }

  public PackKind kind() {
    return kind;
  }

  /** Size of the pack file in bytes. */
  public long size() {
    return size;
  }

  /** The index, sorted by id. */
  public List<PackEntry> entries() {
    return entries;
  }

  /** The entry of an object in this pack, or null. */
  public PackEntry find(ObjectId id) {
    int i = indexOf(id);
    return i < 0 ? null : entries.get(i);
  }

  /** Where {@code id} is in the index, or -1. */
  private int indexOf(ObjectId id) {
    int lo = 0;
    int hi = entries.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = entries.get(mid).id().compareTo(id);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /**
   * An object's raw bytes, checked against its id.
   *
   * @throws CorruptObjectException naming the object when its bytes do not decode or do not hash to its id
   */
  public byte[] read(PackEntry e) {
    try {
      byte[] stored = readAt(e.offset(), e.storedLength());
      // raw objects are already what decode would copy
      byte[] raw = e.codec() == Codec.RAW && stored.length == e.rawLength()
          ? stored
          : ObjectCodec.decode(e.codec(), stored, 0, stored.length, e.rawLength());
      if (ObjectId.hash(raw).equals(e.id())) return raw;
    } catch (EOFException | IllegalArgumentException ex) {
      // falls through: the object cannot be what its entry says
    }
    throw new CorruptObjectException(e.id(), "object " + e.id() + " in pack " + packId + " is corrupt");
  }

  /**
   * A RAW object's bytes as a read-only view of the mapped pack, checked against the CRC32C its index records, at
   * every call; null for an encoded object, or a pack too large to map, which {@link #read} serves instead. The pages
   * are the kernel's page cache, not a copy, so a reader copies them once, straight to where they go; a hardware
   * CRC32C checks them at memory speed, where SHA-256 would cost more than the read. A caller keeps the view only as
   * long as a check should last (a mount: one open file), so bytes damaged on disk after one check are caught by the
   * next. The view stays valid after close.
   *
   * @throws CorruptObjectException naming the object and the pack file when its bytes do not match the CRC
   */
  public ByteBuffer rawView(PackEntry e) {
    if (e.codec() != Codec.RAW || e.storedLength() != e.rawLength() || size > Integer.MAX_VALUE) return null;
    try {
      checkRange(e.offset(), e.storedLength());
    } catch (EOFException ex) {
      throw new CorruptObjectException(e.id(), "object " + e.id() + " in pack file " + file + " is corrupt: "
          + ex.getMessage());
    }
    ByteBuffer view = map().slice((int) e.offset(), e.storedLength()).asReadOnlyBuffer();
    if (PackFormat.crc32c(view) != e.crc32c()) {
      throw new CorruptObjectException(e.id(), "object " + e.id() + " in pack file " + file
          + " is corrupt (CRC32C mismatch)");
    }
    return view;
  }

  /**
   * An object's stored bytes (compressed or not), checked against the CRC32C its index records: what a copy into
   * another pack needs, without decoding and encoding again. They are read into {@code buffer} when it is large enough
   * (a copy of many objects reuses one: a new array of a megabyte for each would cost more than the copy), else into
   * a new array; the bytes are the first {@link PackEntry#storedLength} of what is returned.
   *
   * @throws CorruptObjectException naming the object and the pack file when its bytes do not match the CRC
   */
  public byte[] readStoredChecked(PackEntry e, byte[] buffer) {
    byte[] into = buffer.length >= e.storedLength() ? buffer : new byte[e.storedLength()];
    try {
      readAt(e.offset(), into, e.storedLength());
    } catch (EOFException ex) {
      throw new CorruptObjectException(e.id(), "object " + e.id() + " in pack file " + file + " is corrupt: "
          + ex.getMessage());
    }
    if (PackFormat.crc32c(into, 0, e.storedLength()) != e.crc32c()) {
      throw new CorruptObjectException(e.id(), "object " + e.id() + " in pack file " + file
          + " is corrupt (CRC32C mismatch)");
    }
    return into;
  }

  /** Stored bytes {@code [offset, offset+length)} as they are in the file, unchecked. */
  public byte[] readStored(long offset, int length) {
    try {
      return readAt(offset, length);
    } catch (EOFException e) {
      throw new CorruptObjectException(null,
          "pack " + packId + " has no bytes " + offset + "+" + length + ": it has " + size);
    }
  }

  /** The SHA-256 of the pack's index (see {@link PackFormat}): equals {@link #packId()} unless the index is damaged. */
  public ObjectId computeId() {
    return ObjectId.hash(PackIndex.encode(entries()));
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(ch);
  }

  private byte[] readAt(long position, int length) throws EOFException {
    checkRange(position, length);
    byte[] bytes = new byte[length];
    readAt(position, bytes, length);
    return bytes;
  }

  private void readAt(long position, byte[] dst, int length) throws EOFException {
    checkRange(position, length);
    for (int attempt = 1; ; attempt++) {
      FileChannel c = ch;
      try {
        PackFormat.readFully(c, position, dst, length);
        return;
      } catch (EOFException e) {
        throw e;
      } catch (ClosedChannelException e) {
        // An interrupted reader closes the shared channel for every thread (ClosedByInterruptException):
        // the others reopen it, so one cancelled read does not break the pack for all.
        if (closed || Thread.currentThread().isInterrupted() || attempt == 3) {
          throw new StoreIoException("reading pack " + packId, e);
        }
        reopen(c);
      } catch (IOException e) {
        throw new StoreIoException("reading pack " + packId, e);
      }
    }
  }

  /** Refuses ranges outside the file before allocating for them: a damaged entry may claim anything. */
  private void checkRange(long position, int length) throws EOFException {
    if (position < 0 || length < 0 || position > size - length) {
      throw new EOFException("range " + position + "+" + length + " is outside " + size + " bytes");
    }
  }

  private ByteBuffer map() {
    ByteBuffer m = mapped;
    return m != null ? m : mapNow();
  }

  private synchronized ByteBuffer mapNow() {
    if (mapped != null) return mapped;
    // The file must still be as long as it was: touching a mapping past the end of a truncated file is SIGBUS.
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      if (c.size() != size) {
        throw new CorruptObjectException(null, "pack " + packId + " is " + c.size() + " bytes now, not " + size);
      }
      mapped = c.map(FileChannel.MapMode.READ_ONLY, 0, size); // the mapping outlives the channel
      return mapped;
    } catch (IOException e) {
      throw new StoreIoException("mapping pack " + packId, e);
    }
  }

  private synchronized void reopen(FileChannel broken) {
    if (ch != broken || closed) return;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new StoreIoException("reopening pack " + file, e);
    }
  }

  private static ObjectId idFromName(Path packFile) {
    String name = String.valueOf(packFile.getFileName());
    try {
      return ObjectId.fromHex(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not a pack file name (64 hex digits): " + packFile);
    }
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to save
    }
  }
}
