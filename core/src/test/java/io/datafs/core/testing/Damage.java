package io.datafs.core.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Damage as a disk does it: a byte of a file flipped where it is, the file not replaced (mappings of it see it). */
public final class Damage {
  private Damage() {}

  public static void flipByte(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }
}
