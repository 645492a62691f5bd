package io.datafs.core.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Semantic versions: what parses, semver.org's precedence, npm's inc, caret and tilde ranges, and the choice rules. */
class SemverTest {
  @Test
  void parsesSemver200WithoutBuildMetadataAndEachIsATag() {
    for (String ok : List.of("0.0.1", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
        "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "999999999999999999.0.0")) {
      assertEquals(ok, Semver.parse(ok).toString());
      assertTrue(TagName.isValid(ok), ok);
    }
    for (String bad : List.of("1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-", "1.2.3-a..b",
        "v1.2.3", "1.2.3+build", "1.2.3-rc+b", "-1.2.3", "1.2.3 ", "a.b.c", "1000000000000000000.0.0", "")) {
      assertNull(Semver.parseOrNull(bad), bad);
    }
    assertEquals("invalid semantic version '1.2.3+build': build metadata (+...) is not taken",
        assertThrows(InvalidInputException.class, () -> Semver.parse("1.2.3+build")).getMessage());
    assertEquals("invalid semantic version 'v1.2.0': write it without the v",
        assertThrows(InvalidInputException.class, () -> Semver.parse("v1.2.0")).getMessage());
    assertEquals("invalid semantic version '1.2': use MAJOR.MINOR.PATCH, as 1.2.0 or 2.0.0-rc.1",
        assertThrows(InvalidInputException.class, () -> Semver.parse("1.2")).getMessage());
  }

  @Test
  void ordersBySemverPrecedence() {
    // semver.org, item 11, in order
    List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
        "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.9.0", "1.10.0", "2.0.0", "10.0.0");
    List<Semver> shuffled = new ArrayList<>(ordered.stream().map(Semver::parse).toList());
    Collections.shuffle(shuffled, new Random(7));
    Collections.sort(shuffled);
    assertEquals(ordered, shuffled.stream().map(Semver::toString).toList());
  }

  @Test
  void bumpsAsNpmIncDoes() {
    String[][] cases = {
        {"1.2.3", "PATCH", "1.2.4"}, {"1.2.3", "MINOR", "1.3.0"}, {"1.2.3", "MAJOR", "2.0.0"},
        {"1.2.3-rc.1", "PATCH", "1.2.3"}, {"1.2.3-rc.1", "MINOR", "1.3.0"}, {"1.2.3-rc.1", "MAJOR", "2.0.0"},
        {"1.2.0-rc.1", "MINOR", "1.2.0"}, {"1.2.0-rc.1", "MAJOR", "2.0.0"}, {"2.0.0-rc.1", "MAJOR", "2.0.0"},
        {"2.0.0-rc.1", "MINOR", "2.0.0"}, {"0.0.9", "PATCH", "0.0.10"}};
    for (String[] c : cases) {
      assertEquals(c[2], Semver.parse(c[0]).bump(Semver.Bump.valueOf(c[1])).toString(), String.join(" ", c));
    }
    assertEquals(List.of("1.0.0", "0.1.0", "0.0.1"),
        List.of(Semver.Bump.values()).stream().map(b -> Semver.first(b).toString()).toList());
    assertEquals(Semver.Bump.MINOR, Semver.Bump.parse("minor"));
    assertEquals("invalid --bump 'huge': use major, minor or patch",
        assertThrows(InvalidInputException.class, () -> Semver.Bump.parse("huge")).getMessage());
  }

  @Test
  void caretAndTildeRangesFollowNpm() {
    // range, then versions in it, then versions out of it
    String[][] cases = {
        {"^1.2.3", "1.2.3 1.2.4 1.9.0", "1.2.2 2.0.0 2.0.0-rc.1 1.3.0-beta 1.2.3-rc.1"},
        {"^0.2.3", "0.2.3 0.2.9", "0.3.0 0.2.2 1.0.0"},
        {"^0.0.3", "0.0.3", "0.0.4 0.0.2 0.1.0"},
        {"^1.2", "1.2.0 1.99.0", "1.1.9 2.0.0"},
        {"^1", "1.0.0 1.9.9", "0.9.9 2.0.0 1.5.0-beta"},
        {"^1.x", "1.0.0 1.9.9", "2.0.0"},
        {"^0.0", "0.0.0 0.0.9", "0.1.0"},
        {"^0.0.x", "0.0.0 0.0.9", "0.1.0"},
        {"^0", "0.0.1 0.9.0", "1.0.0"},
        {"^1.2.3-beta.2", "1.2.3-beta.2 1.2.3-beta.4 1.2.3 1.9.0", "1.2.3-beta.1 1.2.4-rc.1 2.0.0"},
        {"~1.2.3", "1.2.3 1.2.9", "1.3.0 1.2.2"},
        {"~1.2", "1.2.0 1.2.9", "1.3.0 1.1.0"},
        {"~1", "1.0.0 1.9.0", "2.0.0 0.9.0"},
        {"~0.2", "0.2.0 0.2.5", "0.3.0"},
        {"~0", "0.0.0 0.9.9", "1.0.0"},
        {"~1.2.3-beta.2", "1.2.3-beta.2 1.2.3-beta.4 1.2.5", "1.3.0 1.2.4-beta"},
        {"^*", "0.0.1 5.0.0", "5.0.0-rc.1"},
    };
    for (String[] c : cases) {
      SemverRange r = SemverRange.parse(c[0]);
      for (String in : c[1].split(" ")) assertTrue(r.matches(Semver.parse(in)), c[0] + " should match " + in);
      for (String out : c[2].split(" ")) assertTrue(!r.matches(Semver.parse(out)), c[0] + " should not match " + out);
    }
    for (String bad : List.of("^", "~", "^1.2.3.4", "^01", "^1.x.3", "^x.1", "^1.2-rc", "^v1", "^1.2.3+b", ">=1.0.0")) {
      assertTrue(assertThrows(InvalidInputException.class, () -> SemverRange.parse(bad)).getMessage()
          .startsWith("invalid version range '" + bad + "': use ^MAJOR[.MINOR[.PATCH]]"), bad);
    }
  }

  @Test
  void aRangePicksTheHighestMatchingAndSaysWhenNoneDoes() {
    List<String> tags = List.of("0.0.1", "1.0.0", "release", "1.2.0", "1.10.1", "2.0.0-rc.1", "first");
    DatasetName ds = new DatasetName("cats");
    assertEquals("1.10.1", SemverRange.parse("^1").highestOf(ds, tags).toString());
    assertEquals("1.2.0", SemverRange.parse("~1.2").highestOf(ds, tags).toString());
    assertEquals("0.0.1", SemverRange.parse("^0").highestOf(ds, tags).toString());
    assertEquals("no version of 'cats' matches ^3 (its highest semantic version is 2.0.0-rc.1)",
        assertThrows(NotFoundException.class, () -> SemverRange.parse("^3").highestOf(ds, tags)).getMessage());
    assertEquals("no version of 'cats' matches ^1: it has no semantic version",
        assertThrows(NotFoundException.class, () -> SemverRange.parse("^1").highestOf(ds, List.of("a"))).getMessage());
  }

  @Test
  void aChoiceBumpsTheHighestOrMustBeHigherThanIt() {
    DatasetName ds = new DatasetName("cats");
    Map<String, Long> tags = Map.of("first", 1L, "0.1.0", 1L, "0.2.0", 2L);
    assertEquals("0.3.0", SemverChoice.of("minor", null).resolve(ds, tags).toString());
    assertEquals("1.0.0", SemverChoice.of("major", null).resolve(ds, tags).toString());
    assertEquals("0.0.1", SemverChoice.of("patch", null).resolve(ds, Map.of("first", 1L)).toString());
    assertEquals("0.2.1", SemverChoice.of(null, "0.2.1").resolve(ds, tags).toString());
    for (String notHigher : List.of("0.2.0", "0.1.9", "0.2.0-rc.1")) {
      assertEquals("semantic version " + notHigher + " of cats is not higher than its highest, 0.2.0 (cats@v2): give"
              + " a higher one, or --bump",
          assertThrows(InvalidInputException.class, () -> SemverChoice.of(null, notHigher).resolve(ds, tags))
              .getMessage());
    }
    assertEquals("--bump and --semver together: give one (--semver 1.0.0 sets it, --bump minor takes the next)",
        assertThrows(InvalidInputException.class, () -> SemverChoice.of("minor", "1.0.0")).getMessage());
    assertNull(SemverChoice.of(null, null));
  }
}
