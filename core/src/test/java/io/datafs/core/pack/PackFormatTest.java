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
    int crcB = 0x80a9d169; // CRC32C("bee")
    int crcA = 0xc1d04330; // CRC32C("a")
    ByteBuffer expected = ByteBuffer.allocate(10 + 49 + 47 + 4 + 108 + 24);
    expected.put("DFSPACK\0".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 2);
    idB.writeTo(expected);
    expected.put((byte) 2).put((byte) 0).putInt(3).putInt(3).putInt(crcB).put(b);
    idA.writeTo(expected);
    expected.put((byte) 3).put((byte) 0).putInt(1).putInt(1).putInt(crcA).put(a);
    int indexOffset = expected.position();
    expected.putInt(2);
    boolean aFirst = idA.compareTo(idB) < 0;
    putEntry(expected, aFirst ? idA : idB, aFirst ? 3 : 2, aFirst ? 10 + 49 + 46 : 10 + 46, aFirst ? 1 : 3,
        aFirst ? crcA : crcB);
    putEntry(expected, aFirst ? idB : idA, aFirst ? 2 : 3, aFirst ? 10 + 46 : 10 + 49 + 46, aFirst ? 3 : 1,
        aFirst ? crcB : crcA);
    CRC32C crc = new CRC32C();
    crc.update(expected.array(), indexOffset, 112);
    expected.putLong(indexOffset).putInt(112).putInt((int) crc.getValue()).put(
        "DFSPIDX\0".getBytes(StandardCharsets.US_ASCII));

    byte[] file = Files.readAllBytes(Packs.path(packs, sealed.id()));
    assertEquals(HexFormat.of().formatHex(expected.array()), HexFormat.of().formatHex(file));
    // The id is the SHA-256 of the index bytes (count and entries), pinned so a format change fails here.
    assertEquals(ObjectId.hash(java.util.Arrays.copyOfRange(file, indexOffset, indexOffset + 112)), sealed.id());
    assertEquals("58e9b8e7b1fc5d2105de828ed606dfb2cff97043c0c2c2ba75cabae57d94a8b5", sealed.id().hex());
    assertEquals(packs.resolve("58").resolve(sealed.id().hex()), Packs.path(packs, sealed.id()));
  }

  private static void putEntry(ByteBuffer b, ObjectId id, int type, long offset, int length, int crc) {
    id.writeTo(b);
    b.put((byte) type).put((byte) 0).putLong(offset).putInt(length).putInt(length).putInt(crc);
  }
}
