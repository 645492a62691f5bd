package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which versions of a dataset a retention rule keeps ({@code datafs retain}): the newest {@code keepLast}, with
 * {@code keepTagged} every version a tag names, with {@code keepWithin} every version made at most that long before
 * now (by its record's time). The rest go. The newest always stays ({@code keepLast} is at least 1), so the head, and
 * with it the next number a version takes, never moves: a removed number is never taken again.
 *
 * @param keepWithin null when not asked
 */
public record Retention(long keepLast, boolean keepTagged, Duration keepWithin) {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhdw])");

  public Retention {
    if (keepLast < 1) {
      throw new InvalidInputException("--keep-last must be at least 1 (the newest version always stays), not "
          + keepLast);
    }
  }

  /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, {@code 2w}. */
  public static Duration parseWithin(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new InvalidInputException("--keep-within '" + text + "' is not a duration: a whole number and one of"
          + " s, m, h, d, w (30d, 12h)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** The versions (all of one dataset, oldest first) this rule removes at {@code now}, oldest first. */
  public List<Version> toRemove(List<Version> versions, Map<String, Long> tags, Instant now) {
    Set<Long> tagged = keepTagged ? new HashSet<>(tags.values()) : Set.of();
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < versions.size() - keepLast; i++) {
      Version v = versions.get(i);
      if (tagged.contains(v.record().number()) || within(v, now)) continue;
      out.add(v);
    }
    return out;
  }

  private boolean within(Version v, Instant now) {
    if (keepWithin == null) return false;
    try {
      return !Instant.parse(v.record().time()).isBefore(now.minus(keepWithin));
    } catch (DateTimeParseException e) {
      return true; // a time that cannot be read is no proof of age: kept
    }
  }
}
