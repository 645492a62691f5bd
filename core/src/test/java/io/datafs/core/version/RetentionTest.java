package io.datafs.core.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which versions a retention rule removes, with the versions' times set here: the newest N stay, tagged ones with
 * --keep-tagged, those made within the window with --keep-within (its edge included), and a time that cannot be read
 * is kept.
 */
class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  /** Versions 1..{@code ages.length} of cats, version N made {@code ages[N-1]} before NOW. */
  private static List<Version> versions(Duration... ages) {
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < ages.length; i++) out.add(version(i + 1, NOW.minus(ages[i]).toString()));
    return out;
  }

  private static Version version(long n, String time) {
    VersionRecord r = new VersionRecord(VersionRecord.FORMAT, "cats", n, ObjectId.hash(new byte[0]).hex(), null,
        "v" + n, "me", time, Map.of(), Totals.ZERO);
    return new Version(ObjectId.hash(("v" + n).getBytes(StandardCharsets.UTF_8)), r);
  }

  private static List<Long> numbers(List<Version> vs) {
    return vs.stream().map(v -> v.record().number()).toList();
  }

  @Test
  void keepWithinKeepsTheVersionsMadeInTheWindowAndTheNewestN() {
    List<Version> vs = versions(Duration.ofDays(90), Duration.ofDays(45), Duration.ofDays(31), Duration.ofDays(30),
        Duration.ofDays(29), Duration.ofDays(2), Duration.ofHours(1));
    Retention rule = new Retention(1, false, Retention.parseWithin("30d"));
    assertEquals(List.of(1L, 2L, 3L), numbers(rule.toRemove(vs, Map.of(), NOW)));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), numbers(new Retention(2, false, Retention.parseWithin("3d"))
        .toRemove(vs, Map.of(), NOW)));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), numbers(new Retention(1, false, null).toRemove(vs, Map.of(), NOW)));
  }

  @Test
  void keepTaggedKeepsWhatATagNamesAndNothingElse() {
    List<Version> vs = versions(Duration.ofDays(5), Duration.ofDays(4), Duration.ofDays(3), Duration.ofDays(2),
        Duration.ofDays(1));
    Map<String, Long> tags = Map.of("best", 2L, "latest-good", 5L);
    assertEquals(List.of(1L, 3L), numbers(new Retention(2, true, null).toRemove(vs, tags, NOW)));
    assertEquals(List.of(1L, 2L, 3L), numbers(new Retention(2, false, null).toRemove(vs, tags, NOW)));
    assertEquals(List.of(), numbers(new Retention(9, false, null).toRemove(vs, tags, NOW)));
  }

  @Test
  void aTimeThatCannotBeReadIsKept() {
    List<Version> vs = List.of(version(1, "yesterday"), version(2, NOW.minus(Duration.ofDays(60)).toString()),
        version(3, NOW.toString()));
    assertEquals(List.of(2L), numbers(new Retention(1, false, Duration.ofDays(30)).toRemove(vs, Map.of(), NOW)));
  }

  @Test
  void badRulesAreRefusedNamingTheOption() {
    assertEquals("--keep-last must be at least 1 (the newest version always stays), not 0",
        assertThrows(InvalidInputException.class, () -> new Retention(0, true, null)).getMessage());
    for (String bad : List.of("30", "d", "30days", "-3d", "1.5h", "")) {
      assertThrows(InvalidInputException.class, () -> Retention.parseWithin(bad), bad);
    }
    assertEquals(Duration.ofDays(14), Retention.parseWithin("2w"));
    assertEquals(Duration.ofMinutes(90), Retention.parseWithin("90m"));
  }
}
