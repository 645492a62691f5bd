package io.datafs.core.lazy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

  @Test
  void versionOneAndVersionTwoEncodingsBothDecodeToTheSameObject() {
    byte[] page = leaf();
    ObjectId id = ObjectId.hash(page);
    LocatedObject o = new LocatedObject(id, true, page, Map.of(ONE, at(ONE, 100)));
    byte[] v1 = o.encodePlain();
    byte[] v2 = o.encode();
    assertEquals(1, v1[4], "what older datafs wrote");
    assertEquals(2, v2[4], "what this one writes");
    for (byte[] encoded : List.of(v1, v2)) {
      LocatedObject back = LocatedObject.decode(id, encoded);
      assertTrue(back.page());
      assertArrayEquals(page, back.object());
      assertEquals(o.locations(), back.locations());
    }
  }

  @Test
  void aCompressedObjectIsSmallerAndItsDamageIsRefused() {
    // a leaf of 64 one-chunk files in one pack, as imports make them: pack ids repeat, chunk ids are content ids
    List<TreeEntry> entries = new java.util.ArrayList<>();
    Map<ObjectId, ObjectLocation> where = new java.util.HashMap<>();
    for (int i = 0; i < 64; i++) {
      ObjectId content = ObjectId.hash(new byte[] {(byte) i, 1});
      entries.add(TreeEntry.file(String.format("img%05d.jpg", i), 0644, 1000 + i, 1, 1, content, null));
      where.put(content, at(content, 1000L * i));
    }
    byte[] page = PageCodec.encode(new LeafPage(entries));
    ObjectId id = ObjectId.hash(page);
    LocatedObject o = new LocatedObject(id, true, page, where);
    byte[] v2 = o.encode();
    assertTrue(v2.length * 2 < o.encodePlain().length, v2.length + " against " + o.encodePlain().length);
    assertEquals(where, LocatedObject.decode(id, v2).locations());

    byte[] flipped = v2.clone();
    flipped[flipped.length / 2] ^= 0x40;
    assertThrows(CorruptObjectException.class, () -> LocatedObject.decode(id, flipped));
    byte[] huge = v2.clone();
    java.nio.ByteBuffer.wrap(huge).putInt(6, Integer.MAX_VALUE); // the body's stated length
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> LocatedObject.decode(id, huge));
    assertTrue(e.getMessage().contains("said to be"), e.getMessage());
    byte[] future = v2.clone();
    future[4] = 3;
    assertTrue(assertThrows(CorruptObjectException.class, () -> LocatedObject.decode(id, future)).getMessage()
        .contains("unknown encoding version 3"));
  }
}
