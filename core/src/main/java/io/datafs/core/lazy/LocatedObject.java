package io.datafs.core.lazy;

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
 * <p>Encoding (big-endian): magic {@code DLOC} | version (1 byte, = 1) | kind (1: {@code P} page, {@code C} chunk
 * list) | object length (4) | object bytes | location count (4) | per chunk, by ascending id: chunk id (32) | its
 * {@link ObjectLocation} encoding (54).
 */
public record LocatedObject(ObjectId id, boolean page, byte[] object, Map<ObjectId, ObjectLocation> locations) {
  private static final byte[] MAGIC = {'D', 'L', 'O', 'C'};
  private static final byte VERSION = 1;
  private static final int LOCATION_LENGTH = ObjectId.LENGTH + 54;
  /** A page is at most 16 MiB, a chunk list 64 MiB (RemoteLimits); its locations add at most 2.5x a chunk list. */
  static final int MAX_ENCODED = 256 << 20;

  public LocatedObject {
    locations = Map.copyOf(locations);
  }

  public byte[] encode() {
    TreeMap<ObjectId, ObjectLocation> sorted = new TreeMap<>(locations);
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + 4 + object.length + 4 + LOCATION_LENGTH * sorted.size());
    b.put(MAGIC).put(VERSION).put((byte) (page ? 'P' : 'C')).putInt(object.length).put(object).putInt(sorted.size());
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
      if (!java.util.Arrays.equals(magic, MAGIC) || b.get() != VERSION) throw corrupt(id, "not a located object");
      byte kind = b.get();
      if (kind != 'P' && kind != 'C') throw corrupt(id, "unknown kind " + kind);
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
