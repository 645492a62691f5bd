package io.datafs.core.chunk;

import io.datafs.core.id.ObjectId;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered chunks of a file made of more than one chunk; stored as an object of its own.
 *
 * <p>Encoding (big-endian): version (1 byte, = 1) | chunk count (4) | per chunk: id (32) | length (4).
 * The list's id is the SHA-256 of that encoding.
 */
public record ChunkList(List<ChunkRef> chunks) {
  private static final byte VERSION = 1;
  private static final int HEADER_LENGTH = 1 + 4;
  private static final int REF_LENGTH = ObjectId.LENGTH + 4;

  public ChunkList {
    chunks = List.copyOf(chunks);
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + REF_LENGTH * chunks.size());
    b.put(VERSION).putInt(chunks.size());
    for (ChunkRef c : chunks) {
      c.id().writeTo(b);
      b.putInt(c.length());
    }
    return b.array();
  }

  /** @throws IllegalArgumentException when {@code bytes} is not an encoded chunk list */
  public static ChunkList decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte version = b.get();
      if (version != VERSION) throw new IllegalArgumentException("unknown chunk list version " + version);
      int count = b.getInt();
      if (count < 0 || (long) count * REF_LENGTH != b.remaining()) {
        throw new IllegalArgumentException("chunk list of " + bytes.length + " bytes cannot hold " + count + " chunks");
      }
      List<ChunkRef> chunks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) chunks.add(new ChunkRef(ObjectId.read(b), b.getInt()));
      return new ChunkList(chunks);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("chunk list truncated at " + bytes.length + " bytes");
    }
  }

  public ObjectId id() {
    return ObjectId.hash(encode());
  }

  public long totalLength() {
    long total = 0;
    for (ChunkRef c : chunks) total += c.length();
    return total;
  }
}
