package io.datafs.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.Codec;
import io.datafs.core.pack.ObjectLocation;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanTest {
  private static final ObjectId P1 = ObjectId.hash(new byte[] {1});
  private static final ObjectId P2 = ObjectId.hash(new byte[] {2});

  private static ObjectLocation at(ObjectId pack, long offset, int length) {
    ObjectId id = ObjectId.hash((pack.hex() + offset).getBytes());
    return new ObjectLocation(pack, new PackEntry(id, ObjectType.CHUNK, Codec.RAW, offset, length, length, 0));
  }

  @Test
  void neighboursInAPackShareASpanGapsAndSizeAndPacksSplitThem() {
    ObjectLocation a = at(P1, 100, 1000);
    ObjectLocation b = at(P1, 1146, 1000); // 46 bytes of record header between them
    ObjectLocation c = at(P1, 10_000, 1000); // too far after b
    ObjectLocation d = at(P2, 100, 1000); // another pack
    ObjectLocation e = at(P1, 11_046, 5000); // would make c's span longer than 5000
    List<Span> spans = Span.of(List.of(e, d, c, b, a), 100, 5000);
    List<Span> want = List.of(
        new Span(P1, 100, 2046, List.of(a, b)),
        new Span(P1, 10_000, 1000, List.of(c)),
        new Span(P1, 11_046, 5000, List.of(e)),
        new Span(P2, 100, 1000, List.of(d)));
    assertEquals(want.stream().sorted(
        java.util.Comparator.comparing(Span::pack).thenComparingLong(Span::offset)).toList(), spans);
  }

  @Test
  void aChunkLongerThanTheLimitIsASpanOfItsOwn() {
    ObjectLocation big = at(P1, 0, 10_000);
    ObjectLocation next = at(P1, 10_046, 10);
    assertEquals(List.of(new Span(P1, 0, 10_000, List.of(big)), new Span(P1, 10_046, 10, List.of(next))),
        Span.of(List.of(big, next), 100, 5000));
  }

  @Test
  void noChunksNoSpans() {
    assertEquals(List.of(), Span.of(List.of(), 100, 5000));
  }
}
