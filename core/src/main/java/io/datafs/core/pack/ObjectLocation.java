package io.datafs.core.pack;

import io.datafs.core.id.ObjectId;
import java.nio.ByteBuffer;

/** Where an object lives locally: a pack and its entry there. The value of an OBJECTS row. */
public record ObjectLocation(ObjectId packId, PackEntry entry) {
  private static final int ENCODED_LENGTH = ObjectId.LENGTH + 1 + 1 + 8 + 4 + 4 + 4;

  /** Encodes everything but the object id, which is the row's key. */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(ENCODED_LENGTH);
    packId.writeTo(b);
    b.put((byte) entry.type().code()).put((byte) entry.codec().code());
    b.putLong(entry.offset()).putInt(entry.storedLength()).putInt(entry.rawLength()).putInt(entry.crc32c());
    return b.array();
  }

  public static ObjectLocation decode(ObjectId objectId, byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    ObjectId pack = ObjectId.read(b);
    ObjectType type = ObjectType.ofCode(b.get());
    Codec codec = Codec.ofCode(b.get());
    return new ObjectLocation(pack,
        new PackEntry(objectId, type, codec, b.getLong(), b.getInt(), b.getInt(), b.getInt()));
  }
}
