package io.datafs.core.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Canonical JSON of label events, as {@code VersionCodec} writes version records: sorted keys, no whitespace,
 * sorted lists, so one event has one encoding and its id is the SHA-256 of it:
 * <pre>{"add":true,"author":"ana","format":1,"labels":["cat","clean"],"objects":["0a1f...","9c03..."],
 * "time":"2026-12-07T05:04:38.123456Z"}</pre>
 * Decoding checks everything a remote could get wrong: the hash, the format, canonical form (which also means sorted
 * lists without duplicates and lowercase ids), valid labels, and the sizes {@link LabelEvent} allows.
 */
public final class LabelCodec {
  public static final int FORMAT = 1;

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer format is told apart by its number
      .build();

  /** The JSON form: every field as it is written. */
  private record Json(int format, String time, String author, boolean add, List<String> labels, List<String> objects) {}

  private LabelCodec() {}

  /** The event of these fields, its lists sorted and without duplicates, and its id. */
  static LabelEvent seal(Instant time, String author, boolean add, Collection<LabelName> labels,
                         Collection<ObjectId> objects) {
    List<LabelName> sortedLabels = sortedUnique(labels);
    List<ObjectId> sortedObjects = sortedUnique(objects);
    ObjectId id = ObjectId.hash(encode(time, author, add, sortedLabels, sortedObjects));
    return new LabelEvent(id, time, author, add, sortedLabels, sortedObjects);
  }

  /** Sorted, without duplicates; cheap for a sorted input (a part of a labelling sorted once). */
  static <T extends Comparable<T>> List<T> sortedUnique(Collection<T> items) {
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(null);
    List<T> out = new ArrayList<>(sorted.size());
    for (T t : sorted) {
      if (out.isEmpty() || out.get(out.size() - 1).compareTo(t) != 0) out.add(t);
    }
    return List.copyOf(out);
  }

  /** The canonical JSON of {@code e}'s fields (its id is not part of it). */
  public static byte[] encode(LabelEvent e) {
    return encode(e.time(), e.author(), e.add(), e.labels(), e.objects());
  }

  private static byte[] encode(Instant time, String author, boolean add, List<LabelName> labelNames,
                               List<ObjectId> objectIds) {
    List<String> labels = new ArrayList<>(labelNames.size());
    for (LabelName l : labelNames) labels.add(l.value());
    List<String> objects = new ArrayList<>(objectIds.size());
    for (ObjectId o : objectIds) objects.add(o.hex());
    try {
      return CANONICAL.writeValueAsBytes(new Json(FORMAT, time.toString(), author, add, labels, objects));
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("cannot encode label event", x);
    }
  }

  /**
   * The event stored as {@code json}, which must hash to {@code expected} and be an event this datafs would write.
   *
   * @throws CorruptObjectException naming the event and what is wrong with it
   * @throws DatafsException when a newer datafs wrote it
   */
  public static LabelEvent decode(ObjectId expected, byte[] json) {
    String what = "label event " + expected.shortHex(12);
    ObjectId actual = ObjectId.hash(json);
    if (!actual.equals(expected)) throw corrupt(expected, what + " hashes to " + actual.shortHex(12));
    Json j;
    try {
      j = CANONICAL.readValue(json, Json.class);
    } catch (IOException e) {
      throw corrupt(expected, what + " is not a label event's JSON");
    }
    if (j.format() > FORMAT) {
      throw new DatafsException(what + " has format " + j.format() + "; this datafs reads up to " + FORMAT
          + ": upgrade datafs");
    }
    if (j.format() < 1 || j.time() == null || j.author() == null || j.labels() == null || j.objects() == null) {
      throw corrupt(expected, what + " lacks a field or has format " + j.format());
    }
    if (j.author().length() > LabelEvent.MAX_AUTHOR) {
      throw corrupt(expected, what + " names an author of over " + LabelEvent.MAX_AUTHOR + " characters");
    }
    int objects = j.objects().size();
    int labels = j.labels().size();
    if (objects < 1 || objects > LabelEvent.MAX_OBJECTS || labels < 1 || labels > LabelEvent.MAX_LABELS) {
      throw corrupt(expected, what + " names " + objects + " objects and " + labels + " labels; an event names 1 to "
          + LabelEvent.MAX_OBJECTS + " objects and 1 to " + LabelEvent.MAX_LABELS + " labels");
    }
    LabelEvent e;
    try {
      List<LabelName> names = new ArrayList<>(labels);
      for (String l : j.labels()) {
        if (!LabelName.isValid(l)) throw corrupt(expected, what + " holds an invalid label");
        names.add(new LabelName(l));
      }
      List<ObjectId> ids = new ArrayList<>(objects);
      for (String o : j.objects()) ids.add(ObjectId.fromHex(o));
      e = seal(Instant.parse(j.time()), j.author(), j.add(), names, ids);
    } catch (IllegalArgumentException | DateTimeParseException x) {
      throw corrupt(expected, what + " holds a bad object id or time");
    }
    if (!Arrays.equals(encode(e), json)) {
      throw corrupt(expected, what + " is not canonical JSON (sorted keys and lists, no duplicates, no whitespace)");
    }
    return e;
  }

  private static CorruptObjectException corrupt(ObjectId id, String message) {
    return new CorruptObjectException(id, message);
  }
}
