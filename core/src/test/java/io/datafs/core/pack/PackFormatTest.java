package io.datafs.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the bytes of the pack format: packs are shared with remotes and kept forever. */
class PackFormatTest {
  @TempDir Path packs;

  @Test
  void packBytesAreExactlyAsDocumented() throws IOException {
    byte[] b = "bee".getBytes(StandardCharsets.US_ASCII);
    byte[] a = "a".getBytes(StandardCharsets.US_ASCII);
    ObjectId idB = ObjectId.hash(b);
    ObjectId idA = ObjectId.hash(a);
    SealedPack sealed;
    try (PackWriter w = PackWriter.create(packs, PackKind.METADATA)) {
      w.append(idB, ObjectType.PAGE, new Encoded(Codec.RAW, b, 3, 3));
      w.append(idA, ObjectType.CHUNK_LIST, new Encoded(Codec.RAW, a, 1, 1));
      sealed = w.seal();
    }
    ByteBuffer expected = ByteBuffer.allocate(10 + 45 + 43 + 4 + 100 + 24);
    expected.put("DFSPACK\0".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 2);
    idB.writeTo(expected);
    expected.put((byte) 2).put((byte) 0).putInt(3).putInt(3).put(b);
    idA.writeTo(expected);
    expected.put((byte) 3).put((byte) 0).putInt(1).putInt(1).put(a);
    int indexOffset = expected.position();
    expected.putInt(2);
    boolean aFirst = idA.compareTo(idB) < 0;
    putEntry(expected, aFirst ? idA : idB, aFirst ? 3 : 2, aFirst ? 10 + 45 + 42 : 10 + 42, aFirst ? 1 : 3);
    putEntry(expected, aFirst ? idB : idA, aFirst ? 2 : 3, aFirst ? 10 + 42 : 10 + 45 + 42, aFirst ? 3 : 1);
    CRC32C crc = new CRC32C();
    crc.update(expected.array(), indexOffset, 104);
    expected.putLong(indexOffset).putInt(104).putInt((int) crc.getValue()).put("DFSPIDX\0".getBytes(StandardCharsets.US_ASCII));

    byte[] file = Files.readAllBytes(Packs.path(packs, sealed.id()));
    assertEquals(HexFormat.of().formatHex(expected.array()), HexFormat.of().formatHex(file));
    // The id is the SHA-256 of the index bytes (count and entries), pinned so a format change fails here.
    assertEquals(ObjectId.hash(java.util.Arrays.copyOfRange(file, indexOffset, indexOffset + 104)), sealed.id());
    assertEquals("9766bc6f1d90efef27a5e4dc31f8ea594f0dbc3d1b9f97cd5843a1438061cace", sealed.id().hex());
    assertEquals(packs.resolve("97").resolve(sealed.id().hex()), Packs.path(packs, sealed.id()));
  }

  private static void putEntry(ByteBuffer b, ObjectId id, int type, long offset, int length) {
    id.writeTo(b);
    b.put((byte) type).put((byte) 0).putLong(offset).putInt(length).putInt(length);
  }
}
