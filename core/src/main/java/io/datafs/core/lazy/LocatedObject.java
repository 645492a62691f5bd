package io.datafs.core.lazy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.datafs.core.chunk.ChunkList;
import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.tree.ChildRef;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.IndexPage;
import io.datafs.core.tree.LeafPage;
import io.datafs.core.tree.Page;
import io.datafs.core.tree.PageCodec;
import io.datafs.core.tree.TreeEntry;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tree page or chunk list as a remote's {@code tree/} area holds it for lazy readers: the object's bytes exactly as
 * the metadata object (its id is their SHA-256), and where each chunk it names directly lives on that remote (the
 * OBJECTS row a reader needs to fetch it: pack, offset, lengths, codec). Pages and chunk lists it names are located
 * objects of their own ({@link #children}).
 *
 * <p>Encoding (big-endian): magic {@code DLOC} | version (1 byte) | kind (1: {@code P} page, {@code C} chunk list) |
 * then, in version 1, the body; in version 2 (written since), the body's length (4) | the body as one zstd frame
 * with its checksum.
 * The body: object length (4) | object bytes | location count (4) | per chunk, by ascending id: chunk id (32) | its
 * {@link ObjectLocation} encoding (54). Compressed, a body takes about a third: its pack ids repeat, and a leaf's
 * chunk ids are its files' content ids again. Readers take both versions (remotes hold version 1 objects).
 */
public record LocatedObject(ObjectId id, boolean page, byte[] object, Map<ObjectId, ObjectLocation> locations) {
  private static final byte[] MAGIC = {'D', 'L', 'O', 'C'};
  private static final byte PLAIN = 1;
  private static final byte COMPRESSED = 2;
  /** zstd level 3, as packs use: level 9 would save a few percent more at several times the CPU of a push. */
  private static final int LEVEL = 3;
  private static final int LOCATION_LENGTH = ObjectId.LENGTH + 54;
  /** A page is at most 16 MiB, a chunk list 64 MiB (RemoteLimits); its locations add at most 2.5x a chunk list. */
  static final int MAX_ENCODED = 256 << 20;

  public LocatedObject {
    locations = Map.copyOf(locations);
  }

  /** The current encoding (version 2: the body compressed). */
  public byte[] encode() {
    byte[] body = body();
    byte[] frame;
    try (ZstdCompressCtx zstd = new ZstdCompressCtx()) {
      // with its checksum: the location table, unlike the object, is not covered by the id
      frame = zstd.setLevel(LEVEL).setChecksum(true).compress(body);
    }
    return header(COMPRESSED, 4 + frame.length).putInt(body.length).put(frame).array();
  }

  /** The version 1 encoding, which older datafs wrote and read: kept so that tests can make what remotes hold. */
  byte[] encodePlain() {
    byte[] body = body();
    return header(PLAIN, body.length).put(body).array();
  }

  private ByteBuffer header(byte version, int rest) {
    return ByteBuffer.allocate(MAGIC.length + 2 + rest).put(MAGIC).put(version).put((byte) (page ? 'P' : 'C'));
  }

  private byte[] body() {
    TreeMap<ObjectId, ObjectLocation> sorted = new TreeMap<>(locations);
    ByteBuffer b = ByteBuffer.allocate(4 + object.length + 4 + LOCATION_LENGTH * sorted.size());
    b.putInt(object.length).put(object).putInt(sorted.size());
    sorted.forEach((chunk, loc) -> {
      chunk.writeTo(b);
      b.put(loc.encode());
    });
    return b.array();
  }

  /**
   * The located object of {@code id}, checked: the object hashes to {@code id} and decodes as its kind, and its
   * locations name exactly the chunks it references, each as a chunk. Anything else is {@link CorruptObjectException}.
   */
  public static LocatedObject decode(ObjectId id, byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) throw corrupt(id, "not a located object");
      byte version = b.get();
      if (version != PLAIN && version != COMPRESSED) throw corrupt(id, "unknown encoding version " + version);
      byte kind = b.get();
      if (kind != 'P' && kind != 'C') throw corrupt(id, "unknown kind " + kind);
      if (version == COMPRESSED) b = ByteBuffer.wrap(decompress(id, b));
      int length = b.getInt();
      if (length < 0 || length > b.remaining()) throw corrupt(id, "truncated");
      byte[] object = new byte[length];
      b.get(object);
      if (!ObjectId.hash(object).equals(id)) throw corrupt(id, "its object does not hash to its id");
      int count = b.getInt();
      if (count < 0 || (long) count * LOCATION_LENGTH != b.remaining()) throw corrupt(id, "bad location table");
      Map<ObjectId, ObjectLocation> locations = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        ObjectId chunk = ObjectId.read(b);
        byte[] loc = new byte[LOCATION_LENGTH - ObjectId.LENGTH];
        b.get(loc);
        ObjectLocation l = ObjectLocation.decode(chunk, loc);
        if (l.entry().type() != ObjectType.CHUNK || l.entry().offset() < 0 || l.entry().storedLength() < 0) {
          throw corrupt(id, "chunk " + chunk.shortHex(12) + " has a bad location");
        }
        locations.put(chunk, l);
      }
      LocatedObject located = new LocatedObject(id, kind == 'P', object, locations);
      if (!located.referencedChunks().equals(locations.keySet())) {
        throw corrupt(id, "its locations are not those of the chunks it references");
      }
      return located;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw corrupt(id, e.getMessage() == null ? "truncated" : e.getMessage());
    }
  }

  /** The body of a version 2 encoding: its stated length, at most {@link #MAX_ENCODED}, and exactly that. */
  private static byte[] decompress(ObjectId id, ByteBuffer b) {
    int length = b.getInt();
    if (length < 0 || length > MAX_ENCODED) throw corrupt(id, "its body is said to be " + length + " bytes");
    byte[] body = new byte[length];
    long n;
    try {
      n = Zstd.decompressByteArray(body, 0, length, b.array(), b.position(), b.remaining());
    } catch (RuntimeException e) { // zstd-jni reports some failures as ZstdException
      throw corrupt(id, "zstd cannot decode its body: " + e.getMessage());
    }
    if (Zstd.isError(n)) throw corrupt(id, "zstd cannot decode its body: " + Zstd.getErrorName(n));
    if (n != length) throw corrupt(id, "its body decodes to " + n + " bytes, not " + length);
    return body;
  }

  /** The chunks the object names directly: one-chunk files' content (a page), every chunk (a chunk list). */
  public Set<ObjectId> referencedChunks() {
    Set<ObjectId> chunks = new LinkedHashSet<>();
    if (!page) {
      for (ChunkRef c : ChunkList.decode(object).chunks()) chunks.add(c.id());
      return chunks;
    }
    if (decodePage() instanceof LeafPage leaf) {
      for (TreeEntry e : leaf.entries()) {
        if (e.isFile() && e.size() > 0 && e.chunkList() == null) chunks.add(e.contentId());
      }
    }
    return chunks;
  }

  /** The located objects this one names: an index page's children; a leaf's subdirectories and chunk lists. */
  public List<Child> children() {
    return page ? children(decodePage()) : List.of();
  }

  /** A located object named by another: a page (of a directory) or a chunk list. */
  public record Child(ObjectId id, boolean page) {}

  /** The located objects {@code page} names. */
  public static List<Child> children(Page page) {
    List<Child> out = new ArrayList<>();
    if (page instanceof IndexPage index) {
      for (ChildRef c : index.children()) out.add(new Child(c.pageId(), true));
      return out;
    }
    for (TreeEntry e : ((LeafPage) page).entries()) {
      if (e.isDir() && !e.contentId().equals(Directory.EMPTY_DIR)) out.add(new Child(e.contentId(), true));
      else if (e.isFile() && e.chunkList() != null) out.add(new Child(e.chunkList(), false));
    }
    return out;
  }

  Page decodePage() {
    return PageCodec.decode(id, object);
  }

  private static CorruptObjectException corrupt(ObjectId id, String why) {
    return new CorruptObjectException(id, "located object " + id.shortHex(12) + " is corrupt: " + why);
  }
}
