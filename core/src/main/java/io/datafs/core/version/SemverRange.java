package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * npm's caret and tilde ranges, as an address selects versions by them ({@code cats@^1}, {@code cats@~1.2}): the
 * versions at or above the range's lower bound and below its upper one.
 * <ul>
 *   <li>{@code ^1.2.3} is {@code >=1.2.3 <2.0.0}, {@code ^0.2.3} is {@code >=0.2.3 <0.3.0}, {@code ^0.0.3} is
 *       {@code >=0.0.3 <0.0.4}: the left-most part that is not zero stays; {@code ^1.2} and {@code ^1} are
 *       {@code >=1.2.0 <2.0.0} and {@code >=1.0.0 <2.0.0}, {@code ^0.0} is {@code <0.1.0}, {@code ^0} is
 *       {@code <1.0.0};
 *   <li>{@code ~1.2.3} and {@code ~1.2} are {@code >=1.2.x <1.3.0}; {@code ~1} is {@code >=1.0.0 <2.0.0};
 *   <li>a missing part may be written {@code x}, {@code X} or {@code *} ({@code ^1.x} is {@code ^1});
 *   <li>a pre-release ({@code 2.0.0-rc.1}) matches only a range whose lower bound is a pre-release of the same
 *       MAJOR.MINOR.PATCH ({@code ^2.0.0-rc.0}), so {@code ^1} never picks an unfinished {@code 1.3.0-beta}.
 * </ul>
 */
public record SemverRange(String text, Semver lower, Semver upper) {
  private static final String PART = "(?:\\.(0|[1-9][0-9]{0,17}|[xX*]))?";
  private static final Pattern RANGE = Pattern.compile("([\\^~])(0|[1-9][0-9]{0,17}|[xX*])" + PART + PART
      + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

  /** Whether an address selector is a range ({@code ^...} or {@code ~...}), valid or not. */
  public static boolean looksLikeRange(String selector) {
    return selector.startsWith("^") || selector.startsWith("~");
  }

  /** @throws InvalidInputException naming the text and the forms a range takes */
  public static SemverRange parse(String text) {
    Matcher m = RANGE.matcher(text);
    if (!m.matches() || m.group(2).matches("[xX*]") && m.group(3) != null && !m.group(3).matches("[xX*]")
        || m.group(3) != null && m.group(3).matches("[xX*]") && m.group(4) != null && !m.group(4).matches("[xX*]")
        || m.group(5) != null && (m.group(4) == null || m.group(4).matches("[xX*]"))) {
      throw new InvalidInputException("invalid version range '" + text + "': use ^MAJOR[.MINOR[.PATCH]] or"
          + " ~MAJOR[.MINOR[.PATCH]], as ^1, ^1.2, ~1.2 or ^2.0.0-rc.1");
    }
    boolean caret = m.group(1).equals("^");
    Long major = number(m.group(2));
    Long minor = number(m.group(3));
    Long patch = number(m.group(4));
    if (major == null) return new SemverRange(text, new Semver(0, 0, 0), null); // ^x: any release
    Semver lower = m.group(5) == null ? new Semver(major, or0(minor), or0(patch))
        : Semver.parse(major + "." + minor + "." + patch + "-" + m.group(5));
    Semver upper;
    if (!caret) {
      upper = minor == null ? new Semver(major + 1, 0, 0) : new Semver(major, minor + 1, 0);
    } else if (major > 0 || minor == null) {
      upper = new Semver(major + 1, 0, 0);
    } else if (minor > 0 || patch == null) {
      upper = new Semver(0, minor + 1, 0);
    } else {
      upper = new Semver(0, 0, patch + 1);
    }
    return new SemverRange(text, lower, upper);
  }

  /** Whether {@code v} is in the range (see the class comment for pre-releases). */
  public boolean matches(Semver v) {
    if (v.compareTo(lower) < 0) return false;
    if (upper != null && v.compareRelease(upper) >= 0) return false; // no pre-release of the upper bound either
    return !v.isPreRelease() || lower.isPreRelease() && v.compareRelease(lower) == 0;
  }

  /** The highest of {@code versions} in the range. */
  public Optional<Semver> highest(Collection<Semver> versions) {
    return versions.stream().filter(this::matches).max(Semver::compareTo);
  }

  /**
   * The highest of the semantic versions among {@code tags} (of {@code ds}) in the range.
   *
   * @throws NotFoundException when none is, naming the dataset's highest
   */
  public Semver highestOf(DatasetName ds, Collection<String> tags) {
    List<Semver> all = semvers(tags);
    return highest(all).orElseThrow(() -> new NotFoundException("no version of '" + ds + "' matches " + text
        + (all.isEmpty() ? ": it has no semantic version" : " (its highest semantic version is "
        + all.get(all.size() - 1) + ")")));
  }

  /** The semantic versions among {@code tags} (most tags are none), lowest first. */
  public static List<Semver> semvers(Collection<String> tags) {
    return tags.stream().map(Semver::parseOrNull).filter(s -> s != null).sorted().toList();
  }

  private static Long number(String part) {
    return part == null || part.matches("[xX*]") ? null : Long.parseLong(part);
  }

  private static long or0(Long n) {
    return n == null ? 0 : n;
  }

  @Override
  public String toString() {
    return text;
  }
}
