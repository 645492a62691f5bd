package io.datafs.core.lazy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.chunk.ChunkList;
import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.Codec;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.LeafPage;
import io.datafs.core.tree.PageCodec;
import io.datafs.core.tree.TreeEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A located object reads back as written, and one whose object or locations do not fit its id is refused. */
class LocatedObjectTest {
  static final ObjectId PACK = ObjectId.hash(new byte[] {9});
  static final ObjectId ONE = ObjectId.hash(new byte[] {1});
  static final ObjectId LIST = ObjectId.hash(new byte[] {2});
  static final ObjectId SUB = ObjectId.hash(new byte[] {3});

  private static ObjectLocation at(ObjectId chunk, long offset) {
    return new ObjectLocation(PACK, new PackEntry(chunk, ObjectType.CHUNK, Codec.RAW, offset, 10, 10, 7));
  }

  private static byte[] leaf() {
    return PageCodec.encode(new LeafPage(List.of(
        TreeEntry.file("a", 0644, 10, 1, 1, ONE, null),
        TreeEntry.file("b", 0644, 20, 1, 1, ObjectId.hash(new byte[] {4}), LIST),
        TreeEntry.dir("c", 0755, 1, 1, SUB),
        TreeEntry.dir("d", 0755, 1, 1, Directory.EMPTY_DIR),
        TreeEntry.file("e", 0644, 0, 1, 1, ObjectId.hash(new byte[0]), null))));
  }

  @Test
  void aPageReadsBackWithItsChunksLocationsAndNamesItsChildren() {
    byte[] page = leaf();
    ObjectId id = ObjectId.hash(page);
    LocatedObject o = new LocatedObject(id, true, page, Map.of(ONE, at(ONE, 100)));
    LocatedObject back = LocatedObject.decode(id, o.encode());
    assertEquals(Map.of(ONE, at(ONE, 100)), back.locations());
    assertEquals(List.of(new LocatedObject.Child(LIST, false), new LocatedObject.Child(SUB, true)), back.children(),
        "the chunk list and the non-empty subdirectory; not the empty one");

    ChunkList list = new ChunkList(List.of(new ChunkRef(ONE, 10), new ChunkRef(SUB, 10)));
    LocatedObject chunks = new LocatedObject(list.id(), false, list.encode(),
        Map.of(ONE, at(ONE, 0), SUB, at(SUB, 10)));
    assertEquals(chunks.locations(), LocatedObject.decode(list.id(), chunks.encode()).locations());
  }

  @Test
  void anObjectThatIsNotItsIdOrLocationsOfOtherChunksAreRefused() {
    byte[] page = leaf();
    ObjectId id = ObjectId.hash(page);
    byte[] planted = new LocatedObject(id, true, page, Map.of(ONE, at(ONE, 0), SUB, at(SUB, 0))).encode();
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> LocatedObject.decode(id, planted));
    assertTrue(e.getMessage().contains("not those of the chunks it references"), e.getMessage());
    byte[] missing = new LocatedObject(id, true, page, Map.of()).encode();
    assertThrows(CorruptObjectException.class, () -> LocatedObject.decode(id, missing));
    byte[] good = new LocatedObject(id, true, page, Map.of(ONE, at(ONE, 0))).encode();
    assertTrue(assertThrows(CorruptObjectException.class, () -> LocatedObject.decode(SUB, good)).getMessage()
        .contains("does not hash to its id"));
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
    assertThrows(CorruptObjectException.class, () -> LocatedObject.decode(id, cut));
  }
}
