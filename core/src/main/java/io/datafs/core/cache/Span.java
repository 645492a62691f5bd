package io.datafs.core.cache;

import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One ranged read of a pack that fetches several chunks at once: neighbours in a pack (the chunks of a file, the
 * files of a directory, as import wrote them) cost one request instead of one each.
 *
 * @param objects the chunks in it, by offset
 */
public record Span(ObjectId pack, long offset, int length, List<ObjectLocation> objects) {
  /**
   * Groups chunks into spans: by pack and offset, a chunk joins the span before it when the gap between them is at
   * most {@code maxGap} bytes (fetched and thrown away) and the span stays within {@code maxLength} bytes (a chunk
   * longer than that is a span of its own).
   */
  public static List<Span> of(List<ObjectLocation> chunks, int maxGap, int maxLength) {
    List<ObjectLocation> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparing(ObjectLocation::packId).thenComparingLong(l -> l.entry().offset()));
    List<Span> spans = new ArrayList<>();
    List<ObjectLocation> current = new ArrayList<>();
    long start = 0;
    long end = 0;
    for (ObjectLocation l : sorted) {
      long from = l.entry().offset();
      long to = from + l.entry().storedLength();
      boolean joins = !current.isEmpty() && current.get(0).packId().equals(l.packId()) && from >= end
          && from - end <= maxGap && to - start <= maxLength;
      if (!joins && !current.isEmpty()) {
        spans.add(new Span(current.get(0).packId(), start, (int) (end - start), List.copyOf(current)));
        current.clear();
      }
      if (current.isEmpty()) {
        start = from;
        end = to;
      }
      current.add(l);
      end = Math.max(end, to);
    }
    if (!current.isEmpty()) spans.add(
        new Span(current.get(0).packId(), start, (int) (end - start), List.copyOf(current)));
    return spans;
  }
}
