package io.datafs.core.label;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.MemoryKvStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LabelsTest {
  static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");
  static final LabelName CAT = new LabelName("cat");
  static final LabelName DOG = new LabelName("dog");
  static final LabelName REVIEW = new LabelName("needs-review");

  static ObjectId obj(int i) {
    return ObjectId.hash(("object " + i).getBytes(UTF_8));
  }

  @Test
  void labelsAttachToContentIdsAndComeOffAgain() {
    Labels labels = new Labels(new MemoryKvStore());
    List<LabelEvent> added = labels.apply(List.of(obj(1), obj(2)), List.of(CAT, DOG), true, "ana");
    assertEquals(1, added.size());
    assertTrue(labels.has(obj(1), CAT));
    assertTrue(labels.has(obj(2), DOG));
    assertEquals(Set.of("cat", "dog"), labels.of(obj(1)));
    assertFalse(labels.has(obj(3), CAT));
    assertEquals(Set.of(), labels.of(obj(3)));

    List<LabelEvent> removed = labels.apply(List.of(obj(1)), List.of(DOG, REVIEW), false, "bo");
    assertEquals(new TreeSet<>(Set.of("cat")), labels.of(obj(1)));
    assertFalse(labels.has(obj(1), DOG));
    assertEquals(Set.of("cat", "dog"), labels.of(obj(2)), "other objects keep theirs");

    assertEquals(List.of(added.get(0), removed.get(0)), labels.events(), "oldest first");
    assertTrue(labels.knows(added.get(0).id()));
    assertFalse(labels.knows(obj(1)));
    assertEquals(new TreeSet<>(List.of(added.get(0).id(), removed.get(0).id())), labels.eventIds());
    assertTrue(removed.get(0).time().isAfter(added.get(0).time()));
    assertEquals("bo", removed.get(0).author());
  }

  @Test
  void noObjectsMakeNoEventAndNoLabelsOrTooManyAreRefused() {
    Labels labels = new Labels(new MemoryKvStore());
    assertEquals(List.of(), labels.apply(List.of(), List.of(CAT), true, "ana"));
    assertEquals(List.of(), labels.events());
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> labels.apply(List.of(obj(1)), List.of(), true, "ana"));
    assertEquals("no label given", e.getMessage());
    List<LabelName> many = new ArrayList<>();
    for (int i = 0; i <= LabelEvent.MAX_LABELS; i++) many.add(new LabelName("l" + i));
    e = assertThrows(InvalidInputException.class, () -> labels.apply(List.of(obj(1)), many, true, "ana"));
    assertEquals("1001 labels at once: label at most 1000 at a time", e.getMessage());
    assertEquals(List.of(), labels.events());
  }

  @Test
  void aLabellingOfManyObjectsIsSeveralEventsOfAtMostTheCapEachAllApplied() {
    Labels labels = new Labels(new MemoryKvStore());
    List<ObjectId> objects = new ArrayList<>();
    for (int i = 0; i < 2 * LabelEvent.MAX_OBJECTS + 1; i++) objects.add(obj(i));
    List<LabelEvent> events = labels.apply(objects, List.of(CAT), true, "ana");
    assertEquals(List.of(100_000, 100_000, 1), events.stream().map(e -> e.objects().size()).toList());
    Set<ObjectId> covered = new TreeSet<>();
    events.forEach(e -> covered.addAll(e.objects()));
    assertEquals(new TreeSet<>(objects), covered);
    for (ObjectId o : objects) assertTrue(labels.has(o, CAT), o.hex());
  }

  @Test
  void aLabellingHereWinsOverAnEventFromAStoreWhoseClockRunsAhead() {
    Labels labels = new Labels(new MemoryKvStore(), Clock.fixed(T0, ZoneOffset.UTC));
    LabelEvent future = LabelCodec.seal(T0.plus(Duration.ofHours(1)), "skewed", true, List.of(CAT), List.of(obj(1)));
    assertEquals(1, labels.receive(List.of(future)));
    assertTrue(labels.has(obj(1), CAT));
    LabelEvent removal = labels.apply(List.of(obj(1)), List.of(CAT), false, "ana").get(0);
    assertFalse(labels.has(obj(1), CAT), "what the user saw, then removed, is removed");
    assertEquals(future.time().plusNanos(1000), removal.time());
  }

  @Test
  void anEventThatDoesNotHashToItsIdIsRefusedAndNothingOfTheBatchIsApplied() {
    Labels labels = new Labels(new MemoryKvStore());
    LabelEvent good = LabelCodec.seal(T0, "ana", true, List.of(CAT), List.of(obj(1)));
    LabelEvent forged = new LabelEvent(good.id(), T0, "ana", true, List.of(DOG), List.of(obj(2)));
    CorruptObjectException e = assertThrows(CorruptObjectException.class,
        () -> labels.receive(List.of(good, forged)));
    assertEquals("label event " + good.id().shortHex(12) + " does not hash to its id", e.getMessage());
    assertFalse(labels.has(obj(1), CAT));
    assertEquals(List.of(), labels.events());
    assertEquals(1, labels.receive(List.of(good, good)));
    assertEquals(0, labels.receive(List.of(good)), "known already");
  }

  /**
   * Random events over a few objects and labels, with few distinct times so that ties are broken by event id,
   * received by two stores in different orders and groupings (some twice): both end in the state a reference
   * computed here, independently, says: each (object, label) as the latest (time, then id) event that set it.
   */
  @Test
  void anyOrderOfTheSameEventsGivesTheSameStateInEveryStore() {
    Random random = new Random(20261207);
    for (int round = 0; round < 20; round++) {
      List<LabelEvent> events = new ArrayList<>();
      for (int i = 0; i < 60; i++) events.add(randomEvent(random));
      Labels first = new Labels(new MemoryKvStore());
      Labels second = new Labels(new MemoryKvStore());
      receiveShuffled(first, events, random);
      receiveShuffled(second, events, random);
      Map<ObjectId, SortedSet<String>> expected = reference(events);
      for (int o = 0; o < 6; o++) {
        assertEquals(expected.get(obj(o)), first.of(obj(o)), "round " + round + ", object " + o);
        assertEquals(expected.get(obj(o)), second.of(obj(o)), "round " + round + ", object " + o);
        for (String l : List.of("a", "b", "c", "d")) {
          assertEquals(expected.get(obj(o)).contains(l), second.has(obj(o), new LabelName(l)));
        }
      }
      assertEquals(first.eventIds(), second.eventIds());
      assertEquals(first.events(), second.events());
    }
  }

  private static LabelEvent randomEvent(Random random) {
    Instant time = T0.plusSeconds(random.nextInt(4));
    List<LabelName> labels = new ArrayList<>();
    for (String l : List.of("a", "b", "c", "d")) if (random.nextInt(3) == 0) labels.add(new LabelName(l));
    if (labels.isEmpty()) labels.add(new LabelName("a"));
    List<ObjectId> objects = new ArrayList<>();
    for (int o = 0; o < 6; o++) if (random.nextInt(2) == 0) objects.add(obj(o));
    if (objects.isEmpty()) objects.add(obj(random.nextInt(6)));
    return LabelCodec.seal(time, "u" + random.nextInt(3), random.nextBoolean(), labels, objects);
  }

  private static void receiveShuffled(Labels labels, List<LabelEvent> events, Random random) {
    List<LabelEvent> order = new ArrayList<>(events);
    order.addAll(events.subList(0, 10)); // some arrive twice
    Collections.shuffle(order, random);
    for (int i = 0; i < order.size(); ) {
      int n = 1 + random.nextInt(5);
      labels.receive(order.subList(i, Math.min(order.size(), i + n)));
      i += n;
    }
  }

  /** The state the events say, by brute force: for each pair, the event with the greatest (time, id) setting it. */
  private static Map<ObjectId, SortedSet<String>> reference(List<LabelEvent> events) {
    Map<ObjectId, SortedSet<String>> out = new TreeMap<>();
    for (int o = 0; o < 6; o++) {
      SortedSet<String> on = new TreeSet<>();
      for (String l : List.of("a", "b", "c", "d")) {
        LabelEvent latest = null;
        for (LabelEvent e : events) {
          if (!e.objects().contains(obj(o)) || !e.labels().contains(new LabelName(l))) continue;
          if (latest == null || e.time().isAfter(latest.time())
              || e.time().equals(latest.time()) && e.id().compareTo(latest.id()) > 0) {
            latest = e;
          }
        }
        if (latest != null && latest.add()) on.add(l);
      }
      out.put(obj(o), on);
    }
    return out;
  }
}
