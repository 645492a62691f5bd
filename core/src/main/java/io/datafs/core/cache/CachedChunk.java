package io.datafs.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A chunk {@link ChunkDiskCache} holds: its size, and once this process checked its bytes against its id, their
 * CRC32C.
 */
final class CachedChunk {
  final long size;
  volatile int crc32c;
  volatile boolean checked; // crc32c is the CRC of bytes that hashed to the id
  volatile boolean fresh; // written by this process from checked bytes, and not handed out since

  CachedChunk(long size) {
    this.size = size;
  }

  CachedChunk(long size, int crc32c) {
    this.size = size;
    this.crc32c = crc32c;
    this.checked = true;
    this.fresh = true;
  }

  /** Whether the file {@code f} still has this chunk's size and checked CRC32C; read through {@code buf}. */
  boolean matches(Path f, ByteBuffer buf) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      if (ch.size() != size) return false;
      CRC32C crc = new CRC32C();
      for (long at = 0; at < size; ) {
        int n = ch.read(buf.clear(), at);
        if (n < 0) return false;
        crc.update(buf.flip());
        at += n;
      }
      return (int) crc.getValue() == crc32c;
    }
  }
}
