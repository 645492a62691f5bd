package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0) without build metadata: {@code MAJOR.MINOR.PATCH} with an optional
 * pre-release ({@code 1.0.0-rc.1}). Build metadata ({@code +build}) is refused: it takes no part in precedence, so two
 * versions differing only in it would be one semantic version, and {@code +} is no tag character. Ordered by semver
 * precedence: numbers numerically, a pre-release below its release, pre-release identifiers one by one (numeric ones
 * numerically and below alphanumeric ones, which compare in ASCII order), a shorter list of them first. Every
 * semantic version is a {@link TagName}: a version's semantic version is one of its tags.
 */
public record Semver(long major, long minor, long patch, List<String> preRelease) implements Comparable<Semver> {
  private static final String NUMBER = "0|[1-9][0-9]{0,17}";
  private static final String IDENTIFIER = "0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*";
  private static final Pattern SEMVER = Pattern.compile("(" + NUMBER + ")\\.(" + NUMBER + ")\\.(" + NUMBER + ")"
      + "(?:-((?:" + IDENTIFIER + ")(?:\\.(?:" + IDENTIFIER + "))*))?");
  private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

  public Semver {
    preRelease = List.copyOf(preRelease);
  }

  public Semver(long major, long minor, long patch) {
    this(major, minor, patch, List.of());
  }

  /** @throws InvalidInputException naming the text and what a semantic version is */
  public static Semver parse(String text) {
    Semver s = parseOrNull(text);
    if (s != null) return s;
    String why = text != null && text.contains("+") ? "build metadata (+...) is not taken"
        : text != null && text.matches("[vV].*") ? "write it without the v"
        : "use MAJOR.MINOR.PATCH, as 1.2.0 or 2.0.0-rc.1";
    throw new InvalidInputException("invalid semantic version '" + text + "': " + why);
  }

  /** The semantic version {@code text} is, or null when it is none (as most tags are not). */
  public static Semver parseOrNull(String text) {
    if (text == null || text.length() > 128) return null; // no longer than a tag
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) return null;
    List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
    return new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), pre);
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /**
   * The next version at {@code level} (npm's {@code semver.inc}): major, minor or patch goes up and those below it go
   * to 0, except that a pre-release goes to its own release when that is the next one at the level
   * ({@code 1.2.0-rc.1} bumped minor is {@code 1.2.0}; {@code 1.2.3-rc.1} bumped minor is {@code 1.3.0}).
   */
  public Semver bump(Bump level) {
    boolean pre = isPreRelease();
    return switch (level) {
      case MAJOR -> pre && minor == 0 && patch == 0 ? release() : new Semver(Math.addExact(major, 1), 0, 0);
      case MINOR -> pre && patch == 0 ? release() : new Semver(major, Math.addExact(minor, 1), 0);
      case PATCH -> pre ? release() : new Semver(major, minor, Math.addExact(patch, 1));
    };
  }

  /** The first version a dataset gets at {@code level}: 1.0.0, 0.1.0 or 0.0.1. */
  public static Semver first(Bump level) {
    return new Semver(0, 0, 0).bump(level);
  }

  /** This version without its pre-release. */
  public Semver release() {
    return new Semver(major, minor, patch);
  }

  public TagName tag() {
    return new TagName(toString());
  }

  @Override
  public int compareTo(Semver o) {
    int c = compareRelease(o);
    if (c != 0) return c;
    if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty()); // a pre-release comes before its release
    }
    for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
      c = compareIdentifiers(preRelease.get(i), o.preRelease.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(preRelease.size(), o.preRelease.size());
  }

  /** Compares MAJOR.MINOR.PATCH only. */
  public int compareRelease(Semver o) {
    int c = Long.compare(major, o.major);
    if (c == 0) c = Long.compare(minor, o.minor);
    if (c == 0) c = Long.compare(patch, o.patch);
    return c;
  }

  private static int compareIdentifiers(String a, String b) {
    boolean na = NUMERIC.matcher(a).matches();
    boolean nb = NUMERIC.matcher(b).matches();
    if (na && nb) return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    if (na != nb) return na ? -1 : 1;
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease));
  }

  /** Which part of a semantic version {@code --bump} raises. */
  public enum Bump {
    MAJOR, MINOR, PATCH;

    /** @throws InvalidInputException for anything but major, minor or patch */
    public static Bump parse(String text) {
      for (Bump b : values()) if (b.name().equalsIgnoreCase(text)) return b;
      throw new InvalidInputException("invalid --bump '" + text + "': use major, minor or patch");
    }
  }
}
