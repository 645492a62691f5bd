package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageCodecTest {
  private static final ObjectId ID = ObjectId.hash(new byte[] {1});
  private static final ObjectId ID2 = ObjectId.hash(new byte[] {2});

  private static LeafPage sampleLeaf() {
    return new LeafPage(List.of(
        TreeEntry.file("a", 0644, 0, 0, 0, ObjectId.EMPTY, null),
        TreeEntry.file("ab", 0755, 1L << 40, -5, Long.MAX_VALUE, ID, ID2),
        TreeEntry.dir("abc", 0700, 1_700_000_000_123_456_789L, 7, Directory.EMPTY_DIR),
        TreeEntry.symlink("link", 0777, 1_700_000_000_000_000_000L, 3, "../target/é"),
        new TreeEntry("odd", EntryKind.SYMLINK, -1, -1, Long.MIN_VALUE, -1, ID, ID2, ""),
        TreeEntry.file("z", 0644, 3, 1, 1, ID, null),
        TreeEntry.file("é", 0644, 3, 1, 1, ID, null),
        TreeEntry.file("😀", 0644, 3, 1, 1, ID, null)));
  }

  @Test
  void leafRoundTrips() {
    LeafPage leaf = sampleLeaf();
    byte[] bytes = PageCodec.encode(leaf);
    assertEquals(leaf, PageCodec.decode(ID, bytes));
    assertArrayEquals(bytes, PageCodec.encode(PageCodec.decode(ID, bytes)));
  }

  @Test
  void indexRoundTrips() {
    IndexPage index = new IndexPage(3, List.of(new ChildRef("m", ID, 1), new ChildRef("mz", ID2, 1L << 50)));
    assertEquals(index, PageCodec.decode(ID, PageCodec.encode(index)));
  }

  @Test
  void emptyLeafIsThreeBytes() {
    assertArrayEquals(new byte[] {1, 0, 0}, PageCodec.encode(LeafPage.EMPTY));
    assertEquals(ObjectId.hash(new byte[] {1, 0, 0}), Directory.EMPTY_DIR);
    assertEquals(LeafPage.EMPTY, PageCodec.decode(Directory.EMPTY_DIR, new byte[] {1, 0, 0}));
  }

  @Test
  void refusesMalformedPages() {
    byte[] good = PageCodec.encode(sampleLeaf());
    assertCorrupt(new byte[0]);
    assertCorrupt(new byte[] {2, 0, 0});                        // unknown format
    assertCorrupt(new byte[] {1, 1, 0});                        // index page without children
    assertCorrupt(new byte[] {1, 0, 1});                        // one entry announced, none there
    assertCorrupt(new byte[] {1, (byte) 0x80, 0, 0});           // overlong varint
    assertCorrupt(Arrays.copyOf(good, good.length - 1));        // truncated
    assertCorrupt(Arrays.copyOf(good, good.length + 1));        // trailing byte
    assertCorrupt(encodedLeafNamed("b", "a"));                  // out of order
    assertCorrupt(encodedLeafNamed("a", "a"));                  // duplicate
    assertCorrupt(encodedLeafNamed("a", "b/c"));                // not a name
    assertCorrupt(encodedLeafNamed("a", ".."));
  }

  @Test
  void corruptionNamesThePage() {
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> PageCodec.decode(ID, new byte[] {9}));
    assertEquals(ID, e.objectId());
    assertTrue(e.getMessage().startsWith("tree page " + ID + " is corrupt"), e.getMessage());
  }

  @Test
  void randomDamageIsRefusedOrHarmless() {
    byte[] good = PageCodec.encode(sampleLeaf());
    Random random = new Random(42);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bad = good.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
      try {
        Page page = PageCodec.decode(ID, bad);
        assertArrayEquals(bad, PageCodec.encode(page), "a page that decodes re-encodes to the same bytes");
      } catch (CorruptObjectException expected) {
        refused++;
      }
    }
    // Flips inside ids and numbers are structurally valid (the store's hash check catches them); the rest must be
    // refused.
    assertTrue(refused > 1000, "damage to the structure is refused: " + refused);
  }

  /** A leaf encoding with names the encoder would never write, built by hand: each name unshared. */
  private static byte[] encodedLeafNamed(String... names) {
    ByteWriter out = new ByteWriter();
    out.writeByte(1);
    out.writeVarint(0);
    out.writeVarint(names.length);
    for (String name : names) {
      byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeVarint(0);
      out.writeVarint(b.length);
      out.writeBytes(b, 0, b.length);
      out.writeByte(EntryKind.FILE.code() | 0x04);
      out.writeVarint(0644);
      out.writeVarint(0);
      out.writeSignedVarint(0);
      out.writeVarint(0);
      out.writeId(ID);
    }
    return out.toByteArray();
  }

  private static void assertCorrupt(byte[] bytes) {
    assertThrows(CorruptObjectException.class, () -> PageCodec.decode(ID, bytes), Arrays.toString(bytes));
  }
}
