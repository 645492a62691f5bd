package io.datafs.core.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackWriterReaderTest {
  @TempDir Path packs;

  /** Objects of many sizes, compressible or not, including empty and larger than the write buffer. */
  private static Map<ObjectId, byte[]> objects(long seed, int count) {
    Map<ObjectId, byte[]> objects = new LinkedHashMap<>();
    objects.put(ObjectId.EMPTY, new byte[0]);
    for (int i = 0; i < count; i++) {
      int size = i % 50 == 7 ? (3 << 20) + i : (int) ((seed * 31 + i * 7919L) % 200_000);
      byte[] raw = i % 2 == 0 ? TestData.text(seed + i, size) : TestData.random(seed + i, size);
      objects.put(ObjectId.hash(raw), raw);
    }
    return objects;
  }

  private static SealedPack writePack(Path packsDir, Map<ObjectId, byte[]> objects) {
    try (PackWriter w = PackWriter.create(packsDir, PackKind.DATA)) {
      objects.forEach((id, raw) -> w.append(id, ObjectType.CHUNK, ObjectCodec.encode(raw, 0, raw.length)));
      return w.seal();
    }
  }

  private List<Path> regularFiles() throws IOException {
    try (Stream<Path> s = Files.walk(packs)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void sealedPackReadsBackEveryObject() throws IOException {
    Map<ObjectId, byte[]> objects = objects(1, 200);
    SealedPack sealed = writePack(packs, objects);

    Path file = Packs.path(packs, sealed.id());
    assertEquals(List.of(file), regularFiles(), "only the sealed pack remains");
    byte[] bytes = Files.readAllBytes(file);
    PackFormat.Footer footer = PackFormat.Footer.decode(
        java.util.Arrays.copyOfRange(bytes, bytes.length - PackFormat.FOOTER_LENGTH, bytes.length));
    byte[] index = java.util.Arrays.copyOfRange(bytes, (int) footer.indexOffset(),
        (int) footer.indexOffset() + footer.indexLength());
    assertEquals(sealed.id(), ObjectId.hash(index), "pack id is the SHA-256 of its index bytes");
    assertEquals(Files.size(file), sealed.size());
    assertEquals(objects.size(), sealed.entries().size());
    assertTrue(sealed.entries().stream().anyMatch(e -> e.codec() == Codec.ZSTD));
    assertTrue(sealed.entries().stream().anyMatch(e -> e.codec() == Codec.RAW));

    try (PackReader r = PackReader.open(file)) {
      assertEquals(sealed.id(), r.packId());
      assertEquals(sealed.id(), r.computeId());
      assertEquals(PackKind.DATA, r.kind());
      assertEquals(sealed.entries(), r.entries());
      for (Map.Entry<ObjectId, byte[]> o : objects.entrySet()) {
        PackEntry e = r.find(o.getKey());
        assertEquals(o.getKey(), e.id());
        assertArrayEquals(o.getValue(), r.read(e));
        if (e.codec() == Codec.RAW) assertArrayEquals(o.getValue(), r.readStored(e.offset(), e.storedLength()));
      }
      assertNull(r.find(ObjectId.hash(new byte[] {42})));
    }
  }

  @Test
  void concurrentAppendsKeepEveryObjectOnce() throws Exception {
    Map<ObjectId, byte[]> shared = objects(2, 40);
    List<Map<ObjectId, byte[]>> own = List.of(objects(3, 40), objects(4, 40), objects(5, 40), objects(6, 40));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    SealedPack sealed;
    try (PackWriter w = PackWriter.create(packs, PackKind.DATA)) {
      List<Future<?>> done = new ArrayList<>();
      for (Map<ObjectId, byte[]> mine : own) {
        done.add(pool.submit(() -> {
          for (Map<ObjectId, byte[]> set : List.of(shared, mine)) {
            set.forEach((id, raw) -> w.append(id, ObjectType.CHUNK, ObjectCodec.encode(raw, 0, raw.length)));
          }
        }));
      }
      for (Future<?> f : done) f.get();
      sealed = w.seal();
    } finally {
      pool.shutdown();
    }
    Map<ObjectId, byte[]> all = new LinkedHashMap<>(shared);
    own.forEach(all::putAll);
    assertEquals(all.size(), sealed.entries().size());
    try (PackReader r = PackReader.open(Packs.path(packs, sealed.id()))) {
      assertEquals(sealed.id(), r.computeId());
      for (Map.Entry<ObjectId, byte[]> o : all.entrySet()) assertArrayEquals(o.getValue(), r.read(r.find(o.getKey())));
    }
  }

  @Test
  void secondAppendOfAnIdWritesNothing() {
    byte[] raw = TestData.text(7, 5000);
    ObjectId id = ObjectId.hash(raw);
    try (PackWriter w = PackWriter.create(packs, PackKind.METADATA)) {
      PackEntry first = w.append(id, ObjectType.PAGE, ObjectCodec.encode(raw, 0, raw.length));
      long size = w.size();
      assertSame(first, w.append(id, ObjectType.PAGE, ObjectCodec.encode(raw, 0, raw.length)));
      assertEquals(size, w.size());
      assertEquals(1, w.objectCount());
      assertTrue(w.contains(id));
      assertFalse(w.contains(ObjectId.EMPTY));
      assertEquals(1, w.seal().entries().size());
    }
  }

  @Test
  void flippedByteInARecordNamesThatObject() throws IOException {
    Map<ObjectId, byte[]> objects = objects(8, 20);
    SealedPack sealed = writePack(packs, objects);
    Path file = Packs.path(packs, sealed.id());
    List<PackEntry> damaged = new ArrayList<>();
    for (Codec codec : Codec.values()) {
      PackEntry e = sealed.entries().stream().filter(x -> x.codec() == codec && x.storedLength() > 100)
          .findFirst().orElseThrow();
      flipByte(file, e.offset() + e.storedLength() / 2);
      damaged.add(e);
    }
    try (PackReader r = PackReader.open(file)) {
      for (PackEntry e : damaged) {
        CorruptObjectException ex = assertThrows(CorruptObjectException.class, () -> r.read(e));
        assertEquals(e.id(), ex.objectId());
        assertTrue(ex.getMessage().contains(e.id().hex()) && ex.getMessage().contains(sealed.id().hex()),
            ex.getMessage());
      }
      for (PackEntry e : sealed.entries()) {
        if (!damaged.contains(e)) assertArrayEquals(objects.get(e.id()), r.read(e));
      }
      assertEquals(sealed.id(), r.computeId(), "the index is intact: damage to objects is found object by object");
    }
  }

  @Test
  void entryPointingOutsideThePackIsCorrupt() {
    SealedPack sealed = writePack(packs, objects(9, 3));
    try (PackReader r = PackReader.open(Packs.path(packs, sealed.id()))) {
      PackEntry e = r.entries().get(1);
      PackEntry wild = new PackEntry(e.id(), e.type(), e.codec(), r.size() - 2, Integer.MAX_VALUE, e.rawLength(),
          e.crc32c());
      assertEquals(e.id(), assertThrows(CorruptObjectException.class, () -> r.read(wild)).objectId());
      PackEntry wildRaw = new PackEntry(e.id(), e.type(), Codec.RAW, r.size() - 2, 100, 100, e.crc32c());
      assertEquals(e.id(), assertThrows(CorruptObjectException.class, () -> r.rawView(wildRaw)).objectId());
      assertThrows(CorruptObjectException.class, () -> r.readStored(r.size() - 2, 3));
    }
  }

  @Test
  void damagedHeaderFooterOrIndexIsReportedOnOpen() throws IOException {
    SealedPack sealed = writePack(packs, objects(10, 10));
    Path file = Packs.path(packs, sealed.id());
    byte[] good = Files.readAllBytes(file);
    int n = good.length;
    long indexOffset = java.nio.ByteBuffer.wrap(good, n - 24, 8).getLong();
    long[] positions = {0, 8, 9, n - 1, n - 5, n - 9, n - 13, n - 20, n - 24, n - 30, n - 100};
    for (long position : positions) {
      Files.write(file, good);
      flipByte(file, position);
      CorruptObjectException ex = assertThrows(CorruptObjectException.class, () -> PackReader.open(file).close(),
          "byte " + position);
      assertNull(ex.objectId());
      assertTrue(ex.getMessage().contains(sealed.id().hex()), ex.getMessage());
    }
    assertTrue(indexOffset < n - 100, "the last flips above hit the index");
    for (int length : new int[] {0, 10, n - 1}) {
      Files.write(file, java.util.Arrays.copyOf(good, length));
      assertThrows(CorruptObjectException.class, () -> PackReader.open(file).close(), length + " bytes");
    }
  }

  @Test
  void closingWithoutSealingLeavesNoFile() throws IOException {
    try (PackWriter w = PackWriter.create(packs, PackKind.DATA)) {
      byte[] raw = TestData.random(11, 3 << 20);
      w.append(ObjectId.hash(raw), ObjectType.CHUNK, ObjectCodec.encode(raw, 0, raw.length));
      assertEquals(1, regularFiles().size(), "the temp file exists while writing");
    }
    assertEquals(List.of(), regularFiles());
  }

  @Test
  void aSealedOrClosedWriterRefusesMore() {
    PackWriter w = PackWriter.create(packs, PackKind.DATA);
    SealedPack sealed = w.seal();
    assertThrows(IllegalStateException.class,
        () -> w.append(ObjectId.EMPTY, ObjectType.CHUNK, ObjectCodec.encode(new byte[0], 0, 0)));
    assertThrows(IllegalStateException.class, w::seal);
    w.close();
    assertTrue(Files.exists(Packs.path(packs, sealed.id())), "close after seal keeps the pack");
    try (PackReader r = PackReader.open(Packs.path(packs, sealed.id()))) {
      assertEquals(List.of(), r.entries());
    }
  }

  @Test
  void sealingTheSameContentTwiceKeepsOnePack() throws IOException {
    Map<ObjectId, byte[]> objects = objects(12, 10);
    SealedPack first = writePack(packs, objects);
    SealedPack second = writePack(packs, objects);
    assertEquals(first, second);
    assertEquals(List.of(Packs.path(packs, first.id())), regularFiles());
  }

  @Test
  void missingOrMisnamedFilesAreReported() throws IOException {
    assertThrows(StoreIoException.class, () -> PackReader.open(Packs.path(packs, ObjectId.EMPTY)));
    Path misnamed = Files.writeString(packs.resolve("not-a-pack"), "x");
    assertThrows(InvalidInputException.class, () -> PackReader.open(misnamed));
    assertThrows(StoreIoException.class, () -> PackWriter.create(misnamed, PackKind.DATA));
  }

  @Test
  void anInterruptedReaderDoesNotBreakThePackForOthers() throws Exception {
    Map<ObjectId, byte[]> objects = objects(13, 5);
    SealedPack sealed = writePack(packs, objects);
    try (PackReader r = PackReader.open(Packs.path(packs, sealed.id()))) {
      PackEntry e = r.entries().get(2);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t = new Thread(() -> {
        Thread.currentThread().interrupt();
        try {
          r.read(e);
        } catch (Throwable ex) {
          failure.set(ex);
        }
      });
      t.start();
      t.join();
      assertTrue(failure.get() instanceof StoreIoException, "the interrupted read fails: " + failure.get());
      assertArrayEquals(objects.get(e.id()), r.read(e));
    }
  }

  @Test
  void rawViewsAreTheStoredBytesCheckedByTheirCrc() throws IOException {
    Map<ObjectId, byte[]> objects = objects(11, 60);
    SealedPack sealed = writePack(packs, objects);
    Path file = Packs.path(packs, sealed.id());
    try (PackReader r = PackReader.open(file)) {
      for (PackEntry e : sealed.entries()) {
        java.nio.ByteBuffer view = r.rawView(e);
        if (e.codec() != Codec.RAW) {
          assertNull(view, "a compressed object is read, not viewed");
          continue;
        }
        assertTrue(view.isReadOnly());
        byte[] got = new byte[view.remaining()];
        view.get(got);
        assertArrayEquals(objects.get(e.id()), got);
      }
    }
    PackEntry raw = sealed.entries().stream().filter(x -> x.codec() == Codec.RAW && x.storedLength() > 100)
        .findFirst().orElseThrow();
    flipByte(file, raw.offset() + raw.storedLength() - 1);
    try (PackReader r = PackReader.open(file)) {
      CorruptObjectException ex = assertThrows(CorruptObjectException.class, () -> r.rawView(raw));
      assertEquals(raw.id(), ex.objectId());
      assertTrue(ex.getMessage().contains("CRC32C"), ex.getMessage());
    }
  }

  @Test
  void aRawViewIsCheckedAtEveryCallSoDamageAfterAnEarlierCheckIsCaught() throws IOException {
    SealedPack sealed = writePack(packs, objects(13, 20));
    Path file = Packs.path(packs, sealed.id());
    PackEntry raw = sealed.entries().stream().filter(x -> x.codec() == Codec.RAW && x.storedLength() > 100)
        .findFirst().orElseThrow();
    try (PackReader r = PackReader.open(file)) {
      assertTrue(r.rawView(raw).remaining() > 0, "intact: checked and handed out");
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
        f.seek(raw.offset() + 7); // in place, under the reader's mapping, as a disk's damage would show
        int b = f.read();
        f.seek(raw.offset() + 7);
        f.write(b ^ 0x10);
      }
      CorruptObjectException ex = assertThrows(CorruptObjectException.class, () -> r.rawView(raw));
      assertEquals(raw.id(), ex.objectId());
      assertTrue(ex.getMessage().contains("in pack file " + file), ex.getMessage());
    }
  }

  @Test
  void aPackTruncatedAfterOpenIsCorruptWhenMappedNotACrash() throws IOException {
    Map<ObjectId, byte[]> objects = objects(12, 20);
    SealedPack sealed = writePack(packs, objects);
    Path file = Packs.path(packs, sealed.id());
    PackEntry raw = sealed.entries().stream().filter(x -> x.codec() == Codec.RAW && x.storedLength() > 0)
        .findFirst().orElseThrow();
    try (PackReader r = PackReader.open(file)) {
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      assertThrows(CorruptObjectException.class, () -> r.rawView(raw));
    }
  }

  private static void flipByte(Path file, long position) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) position] ^= 0x01;
    Files.write(file, bytes);
  }
}
