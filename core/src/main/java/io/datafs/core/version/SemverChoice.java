package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import java.util.Map;

/**
 * The semantic version a new version asks for: {@code --bump LEVEL} (the next at that level after the dataset's
 * highest) or {@code --semver X} (exactly X, which must be higher than every semantic version the dataset has, so
 * they rise with the version numbers). One of the two is set.
 */
public record SemverChoice(Semver.Bump bump, Semver exact) {
  public SemverChoice {
    if ((bump == null) == (exact == null)) throw new IllegalArgumentException("a bump or an exact version");
  }

  /**
   * What the options {@code --bump} and {@code --semver} ask for (either may be null); null when neither is given.
   *
   * @throws InvalidInputException when both are given, or either is not valid
   */
  public static SemverChoice of(String bump, String semver) {
    if (bump != null && semver != null) {
      throw new InvalidInputException("--bump and --semver together: give one (--semver " + semver + " sets it, --bump "
          + bump + " takes the next)");
    }
    if (bump != null) return new SemverChoice(Semver.Bump.parse(bump), null);
    if (semver != null) return new SemverChoice(null, Semver.parse(semver));
    return null;
  }

  /** An exact semantic version. */
  public static SemverChoice exactly(Semver s) {
    return new SemverChoice(null, s);
  }

  /**
   * The semantic version this choice gives the next version of {@code ds}, whose tags are {@code tags} (tag to version
   * number).
   *
   * @throws InvalidInputException when an exact one is not higher than every semantic version {@code ds} has
   */
  public Semver resolve(DatasetName ds, Map<String, Long> tags) {
    Semver highest = SemverRange.semvers(tags.keySet()).stream().reduce((a, b) -> b).orElse(null);
    if (bump != null) return highest == null ? Semver.first(bump) : highest.bump(bump);
    if (highest != null && exact.compareTo(highest) <= 0) {
      throw new InvalidInputException("semantic version " + exact + " of " + ds + " is not higher than its highest, "
          + highest + " (" + ds + "@v" + tags.get(highest.toString()) + "): give a higher one, or --bump");
    }
    return exact;
  }
}
