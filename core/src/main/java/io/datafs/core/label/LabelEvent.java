package io.datafs.core.label;

import io.datafs.core.id.ObjectId;
import java.time.Instant;
import java.util.List;

/**
 * One labelling, as LDB tags objects: {@code labels} added to (or, {@code add} false, removed from) each of
 * {@code objects}, named by content id, so an object carries its labels into every version and dataset where it
 * appears. Immutable and content-addressed: {@code id} is the SHA-256 of the event's canonical JSON
 * ({@link LabelCodec}); both lists are sorted and without duplicates. An event names at most {@link #MAX_OBJECTS}
 * objects (a labelling of more is several events), which keeps each one a few MB on a remote.
 */
public record LabelEvent(ObjectId id, Instant time, String author, boolean add, List<LabelName> labels,
                         List<ObjectId> objects) {
  /** About 6.7 MB of JSON: 67 bytes an object. */
  public static final int MAX_OBJECTS = 100_000;
  /** Labels of one labelling: far more than anyone types, few enough that an event stays small. */
  public static final int MAX_LABELS = 1_000;
  /** Characters of an author's name: a user name or an e-mail address, with room to spare. */
  public static final int MAX_AUTHOR = 1_024;

  public LabelEvent {
    labels = List.copyOf(labels);
    objects = List.copyOf(objects);
  }

  /** Where this event stands against others that set the same label of the same object: the later one wins. */
  public Stamp stamp() {
    return new Stamp(time, id, add);
  }
}
