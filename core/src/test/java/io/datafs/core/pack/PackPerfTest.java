package io.datafs.core.pack;

import io.datafs.core.id.ObjectId;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints pack write and read speeds; asserts nothing. Run with {@code -Dtest=PackPerfTest -Dgroups=perf
 * -DexcludedTestGroups=}.
 */
@Tag("perf")
class PackPerfTest {
  @TempDir Path packs;

  @Test
  void writeAndReadThroughput() {
    int count = 256;
    Encoded[] objects = new Encoded[count];
    ObjectId[] ids = new ObjectId[count];
    for (int i = 0; i < count; i++) {
      byte[] raw = TestData.random(i, 1 << 20);
      ids[i] = ObjectId.hash(raw);
      objects[i] = new Encoded(Codec.RAW, raw, raw.length, raw.length);
    }
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      SealedPack sealed;
      try (PackWriter w = PackWriter.create(packs.resolve("r" + round), PackKind.DATA)) {
        for (int i = 0; i < count; i++) w.append(ids[i], ObjectType.CHUNK, objects[i]);
        sealed = w.seal();
      }
      double write = sealed.size() / 1e6 / ((System.nanoTime() - t0) / 1e9);
      double read = 0;
      try (PackReader r = PackReader.open(Packs.path(packs.resolve("r" + round), sealed.id()))) {
        for (int pass = 0; pass < 3; pass++) {
          long t1 = System.nanoTime();
          for (PackEntry e : r.entries()) r.read(e);
          read = Math.max(read, sealed.size() / 1e6 / ((System.nanoTime() - t1) / 1e9));
        }
      }
      System.out.printf("PackWriter append+seal (fsync), 256 x 1 MiB raw: %.0f MB/s; PackReader.read (page cache, "
          + "SHA-256 checked): %.0f MB/s%n", write, read);
    }
    byte[] big = TestData.random(1, 64 << 20);
    long t = System.nanoTime();
    ObjectId.hash(big);
    System.out.printf("SHA-256 for reference: %.0f MB/s%n", big.length / 1e6 / ((System.nanoTime() - t) / 1e9));
  }
}
