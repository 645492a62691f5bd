package io.datafs.core.label;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Labels of objects by content id (LDB's object tags), kept as the events that set them, in table {@code LABELS}
 * ({@link LabelRows}). Labelling changes no version: an object has its labels wherever it appears.
 *
 * <p>The state is a last-writer-wins element set: each (object, label) is on or off as the latest event that set
 * it says, events ordered by (time, event id) ({@link Stamp}). Applying the same events in any order, or twice,
 * gives the same state, so two stores that exchanged their events agree. An event made here is stamped after every
 * event this store knows (its clock never runs backwards, even past a remote's clock that runs ahead), so a
 * labelling always overrides what the user could see when making it.
 *
 * <p>Every writer of a store's labels, in any instance of this class, takes turns on the store's one
 * {@link KvStore}: deciding a winner reads a stamp and then writes one.
 */
public final class Labels {
  private static final Table TABLE = Table.LABELS;

  private final KvStore kv;
  private final Clock clock;

  public Labels(KvStore kv) {
    this(kv, Clock.systemUTC());
  }

  Labels(KvStore kv, Clock clock) {
    this.kv = kv;
    this.clock = clock;
  }

  /**
   * Adds (or removes) {@code labels} to every one of {@code objects}: one event, or one per
   * {@link LabelEvent#MAX_OBJECTS} objects for more, made, stored and applied in one synced batch.
   *
   * @return the events made, none when {@code objects} is empty
   * @throws InvalidInputException for no labels, more than {@link LabelEvent#MAX_LABELS}, or an author's name
   *     longer than {@link LabelEvent#MAX_AUTHOR}
   */
  public List<LabelEvent> apply(Collection<ObjectId> objects, Collection<LabelName> labels, boolean add,
                                String author) {
    if (objects.isEmpty()) return List.of();
    SortedSet<LabelName> names = new TreeSet<>(labels);
    if (names.isEmpty()) throw new InvalidInputException("no label given");
    if (names.size() > LabelEvent.MAX_LABELS) {
      throw new InvalidInputException(names.size() + " labels at once: label at most " + LabelEvent.MAX_LABELS
          + " at a time");
    }
    if (Objects.requireNonNull(author, "author").length() > LabelEvent.MAX_AUTHOR) {
      throw new InvalidInputException("the author's name is " + author.length() + " characters long: at most "
          + LabelEvent.MAX_AUTHOR);
    }
    List<ObjectId> sorted = LabelCodec.sortedUnique(objects);
    synchronized (kv) {
      Instant time = nextTime();
      KvBatch batch = new KvBatch();
      List<LabelEvent> made = new ArrayList<>();
      for (int from = 0; from < sorted.size(); from += LabelEvent.MAX_OBJECTS) {
        List<ObjectId> part = sorted.subList(from, Math.min(sorted.size(), from + LabelEvent.MAX_OBJECTS));
        LabelEvent e = LabelCodec.seal(time, author, add, names, part);
        store(e, LabelCodec.encode(e), batch);
        // stamped after every event known here, so it wins every (object, label) it sets: no stamp to read
        byte[] stamp = e.stamp().encode();
        for (ObjectId o : e.objects()) {
          for (LabelName l : names) batch.put(TABLE, LabelRows.stamp(o, l), stamp);
        }
        made.add(e);
      }
      batch.put(TABLE, LabelRows.CLOCK, LabelRows.time(time));
      kv.write(batch.sync());
      return made;
    }
  }

  /** The labels {@code object} has now, sorted. */
  public SortedSet<String> of(ObjectId object) {
    SortedSet<String> out = new TreeSet<>();
    kv.scan(TABLE, LabelRows.stamps(object), (key, value) -> {
      if (Stamp.adds(value)) out.add(LabelRows.labelOf(key));
      return true;
    });
    return out;
  }

  /** Whether {@code object} has {@code label} now: one point read. */
  public boolean has(ObjectId object, LabelName label) {
    byte[] stamp = kv.get(TABLE, LabelRows.stamp(object, label));
    return stamp != null && Stamp.adds(stamp);
  }

  /** Every event known here, oldest first (by time, then id). */
  public List<LabelEvent> events() {
    Map<ObjectId, Instant> known = new HashMap<>();
    kv.scan(TABLE, LabelRows.KNOWN, (key, value) -> {
      known.put(LabelRows.idOf(key), LabelRows.time(value));
      return true;
    });
    List<ObjectId> order = new ArrayList<>(known.keySet());
    order.sort(Comparator.comparing((ObjectId id) -> known.get(id)).thenComparing(id -> id));
    List<LabelEvent> out = new ArrayList<>(order.size());
    for (ObjectId id : order) out.add(LabelCodec.decode(id, json(id)));
    return out;
  }

  /** The ids of every event known here, without reading the events. */
  public SortedSet<ObjectId> eventIds() {
    SortedSet<ObjectId> out = new TreeSet<>();
    kv.scan(TABLE, LabelRows.KNOWN, (key, value) -> out.add(LabelRows.idOf(key)));
    return out;
  }

  /** The canonical JSON of a known event, as stored: what a push uploads. */
  public byte[] json(ObjectId event) {
    byte[] json = kv.get(TABLE, LabelRows.event(event));
    if (json == null) throw new NotFoundException("no label event " + event.shortHex(12) + " here");
    return json;
  }

  public boolean knows(ObjectId event) {
    return kv.get(TABLE, LabelRows.known(event)) != null;
  }

  /**
   * Stores and applies events made elsewhere (a remote's): each must hash to its id. Events known already are
   * skipped. Written unsynced: losing them in a crash only means fetching them again.
   *
   * @return how many were new here
   * @throws CorruptObjectException for an event that does not hash to its id; then none is applied
   */
  public int receive(List<LabelEvent> events) {
    List<byte[]> jsons = new ArrayList<>(events.size());
    for (LabelEvent e : events) {
      byte[] json = LabelCodec.encode(e);
      if (!ObjectId.hash(json).equals(e.id())) {
        throw new CorruptObjectException(e.id(), "label event " + e.id().shortHex(12) + " does not hash to its id");
      }
      jsons.add(json);
    }
    synchronized (kv) {
      KvBatch batch = new KvBatch();
      Map<ByteBuffer, Stamp> winners = new HashMap<>();
      Set<ObjectId> taken = new HashSet<>();
      Instant latest = clockTime();
      for (int i = 0; i < events.size(); i++) {
        LabelEvent e = events.get(i);
        if (knows(e.id()) || !taken.add(e.id())) continue;
        store(e, jsons.get(i), batch);
        Stamp stamp = e.stamp();
        // later than every event known (here or earlier in this batch), so later than every stamp: no stamp to read
        boolean newest = latest == null || e.time().isAfter(latest);
        for (ObjectId o : e.objects()) {
          for (LabelName l : e.labels()) {
            ByteBuffer key = ByteBuffer.wrap(LabelRows.stamp(o, l));
            if (newest) {
              winners.put(key, stamp);
              continue;
            }
            Stamp current = winners.containsKey(key) ? winners.get(key) : stampAt(key.array());
            if (stamp.isAfter(current)) winners.put(key, stamp);
          }
        }
        if (newest) latest = e.time();
      }
      if (taken.isEmpty()) return 0;
      winners.forEach((key, stamp) -> batch.put(TABLE, key.array(), stamp.encode()));
      batch.put(TABLE, LabelRows.CLOCK, LabelRows.time(latest));
      kv.write(batch);
      return taken.size();
    }
  }

  private void store(LabelEvent e, byte[] json, KvBatch batch) {
    batch.put(TABLE, LabelRows.event(e.id()), json);
    batch.put(TABLE, LabelRows.known(e.id()), LabelRows.time(e.time()));
  }

  private Stamp stampAt(byte[] key) {
    byte[] value = kv.get(TABLE, key);
    return value == null ? null : Stamp.decode(value);
  }

  /** Now, to the microsecond, or just after the latest event known here when that is later. */
  private Instant nextTime() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant latest = clockTime();
    return latest == null || now.isAfter(latest) ? now : latest.plus(1, ChronoUnit.MICROS);
  }

  private Instant clockTime() {
    byte[] t = kv.get(TABLE, LabelRows.CLOCK);
    return t == null ? null : LabelRows.time(t);
  }
}
