package io.datafs.core.tree;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The on-disk form of a tree page. Every page has exactly one encoding (minimal varints, maximal shared name
 * prefixes), so decoding and re-encoding gives back the same bytes and id.
 *
 * <pre>
 * page       := format=0x01, level:varint, count:varint, item * count
 * name       := shared:varint, suffixLength:varint, suffix   -- UTF-8 bytes shared with the previous item's name
 * leaf item  := name, flags:byte, mode:varint, size:varint, mtimeDelta:zigzag-varint, changedIn:varint,
 *               [contentId:32], [chunkList:32], [targetLength:varint, target:UTF-8]
 *               flags: bits 0-1 kind code, 0x04 contentId, 0x08 chunkList, 0x10 target present;
 *               mtimeDelta: mtimeNanos minus the previous entry's (0 before the first)
 * index item := name, pageId:32, entryCount:varint (>= 1)
 * </pre>
 *
 * A leaf has level 0 and any number of items (the empty directory is the empty leaf); an index page has level >= 1
 * and at least one child. Names are valid ({@link Names#check}) and strictly ascending in {@link Names#ORDER}.
 * Decoding checks structure only; that the bytes hash to the id is the store's business.
 */
public final class PageCodec {
  public static final int FORMAT = 1;
  /** Far above any real tree (each level has ~64 times fewer pages than the one below); refuses hostile levels. */
  static final int MAX_LEVEL = 32;

  private static final int KIND_MASK = 0x03;
  private static final int HAS_CONTENT = 0x04;
  private static final int HAS_CHUNK_LIST = 0x08;
  private static final int HAS_TARGET = 0x10;

  private PageCodec() {}

  public static byte[] encode(Page page) {
    ByteWriter out = new ByteWriter();
    out.writeByte(FORMAT);
    out.writeVarint(page.level());
    out.writeVarint(page.size());
    byte[] prev = new byte[0];
    if (page instanceof LeafPage leaf) {
      long prevMtime = 0;
      for (TreeEntry e : leaf.entries()) {
        prev = writeName(out, prev, e.name());
        writeEntry(out, e, prevMtime);
        prevMtime = e.mtimeNanos();
      }
    } else {
      for (ChildRef c : ((IndexPage) page).children()) {
        prev = writeName(out, prev, c.lastName());
        out.writeId(c.pageId());
        out.writeVarint(c.entryCount());
      }
    }
    return out.toByteArray();
  }

  public static Page decode(ObjectId id, byte[] bytes) {
    ByteReader in = new ByteReader(id, bytes);
    int format = in.readByte();
    if (format != FORMAT) throw in.corrupt("unknown format " + format);
    int level = in.readInt(0, MAX_LEVEL, "level");
    int count = in.readInt(level == 0 ? 0 : 1, in.remaining(), "item count");
    NameReader names = new NameReader(in);
    Page page;
    if (level == 0) {
      List<TreeEntry> entries = new ArrayList<>(count);
      long prevMtime = 0;
      for (int i = 0; i < count; i++) {
        TreeEntry e = readEntry(in, names.next(), prevMtime);
        entries.add(e);
        prevMtime = e.mtimeNanos();
      }
      page = new LeafPage(entries);
    } else {
      List<ChildRef> children = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String name = names.next();
        ObjectId pageId = in.readId();
        long entryCount = in.readVarint();
        if (entryCount < 1) throw in.corrupt("child " + pageId + " holds no entries");
        children.add(new ChildRef(name, pageId, entryCount));
      }
      page = new IndexPage(level, children);
    }
    if (in.remaining() != 0) throw in.corrupt(in.remaining() + " bytes after the last item");
    return page;
  }

  private static void writeEntry(ByteWriter out, TreeEntry e, long prevMtime) {
    int flags = e.kind().code()
        | (e.contentId() != null ? HAS_CONTENT : 0)
        | (e.chunkList() != null ? HAS_CHUNK_LIST : 0)
        | (e.target() != null ? HAS_TARGET : 0);
    out.writeByte(flags);
    out.writeVarint(Integer.toUnsignedLong(e.mode()));
    out.writeVarint(e.size());
    out.writeSignedVarint(e.mtimeNanos() - prevMtime);
    out.writeVarint(e.changedIn());
    if (e.contentId() != null) out.writeId(e.contentId());
    if (e.chunkList() != null) out.writeId(e.chunkList());
    if (e.target() != null) {
      byte[] target = e.target().getBytes(StandardCharsets.UTF_8);
      out.writeVarint(target.length);
      out.writeBytes(target, 0, target.length);
    }
  }

  private static TreeEntry readEntry(ByteReader in, String name, long prevMtime) {
    int flags = in.readByte();
    if ((flags & ~(KIND_MASK | HAS_CONTENT | HAS_CHUNK_LIST | HAS_TARGET)) != 0) throw in.corrupt("unknown flags "
        + flags);
    EntryKind kind = switch (flags & KIND_MASK) {
      case 1 -> EntryKind.FILE;
      case 2 -> EntryKind.DIR;
      case 3 -> EntryKind.SYMLINK;
      default -> throw in.corrupt("entry " + Names.printable(name) + " has no kind");
    };
    long mode = in.readVarint();
    if (mode > 0xFFFF_FFFFL) throw in.corrupt("mode of " + Names.printable(name) + " is out of range");
    long size = in.readVarint();
    long mtime = prevMtime + in.readSignedVarint();
    long changedIn = in.readVarint();
    ObjectId contentId = (flags & HAS_CONTENT) != 0 ? in.readId() : null;
    ObjectId chunkList = (flags & HAS_CHUNK_LIST) != 0 ? in.readId() : null;
    String target = (flags & HAS_TARGET) != 0 ? readTarget(in, name) : null;
    boolean complete = kind == EntryKind.SYMLINK ? target != null : contentId != null;
    if (!complete) throw in.corrupt(kind + " entry " + Names.printable(name) + " lacks its content id or target");
    return new TreeEntry(name, kind, (int) mode, size, mtime, changedIn, contentId, chunkList, target);
  }

  private static String readTarget(ByteReader in, String name) {
    byte[] bytes = in.readBytes(in.readInt(0, in.remaining(), "symlink target length"));
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw in.corrupt("symlink target of " + Names.printable(name) + " is not UTF-8");
    }
  }

  /** Shares as many leading bytes with the previous name as possible; returns this name's bytes. */
  private static byte[] writeName(ByteWriter out, byte[] prev, String name) {
    byte[] cur = name.getBytes(StandardCharsets.UTF_8);
    int shared = sharedPrefix(prev, cur);
    out.writeVarint(shared);
    out.writeVarint(cur.length - shared);
    out.writeBytes(cur, shared, cur.length - shared);
    return cur;
  }

  private static int sharedPrefix(byte[] a, byte[] b) {
    int m = Arrays.mismatch(a, b);
    return m < 0 ? a.length : m;
  }

  /** Reads prefix-compressed names, checking each is valid and sorts strictly after the one before. */
  private static final class NameReader {
    private final ByteReader in;
    private byte[] prev = new byte[0];
    private boolean first = true;

    NameReader(ByteReader in) {
      this.in = in;
    }

    String next() {
      int shared = in.readInt(0, prev.length, "shared name prefix");
      int suffix = in.readInt(0, Names.MAX_BYTES - shared, "name length");
      byte[] cur = Arrays.copyOf(prev, shared + suffix);
      System.arraycopy(in.readBytes(suffix), 0, cur, shared, suffix);
      // Malformed UTF-8 decodes to U+FFFD, which Names.check refuses.
      String name = new String(cur, StandardCharsets.UTF_8);
      try {
        Names.check(name);
      } catch (DatafsException e) {
        throw in.corrupt("bad name: " + e.getMessage());
      }
      if (!first && (Arrays.compareUnsigned(prev, cur) >= 0 || sharedPrefix(prev, cur) != shared)) {
        throw in.corrupt("name " + Names.printable(name) + " is out of order or not maximally shared");
      }
      first = false;
      prev = cur;
      return name;
    }
  }
}
