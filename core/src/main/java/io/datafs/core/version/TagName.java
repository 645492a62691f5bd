package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A tag: 1 to 128 characters, words of {@code A-Z a-z 0-9 _ -} joined by single dots (so {@code 1.2.0} and
 * {@code release-1} are tags; {@code .}, {@code ..}, {@code a..b} and {@code .x} are not). A tag may not read as
 * another way of naming a version: not {@code latest}, not a number like {@code v3}, and not 4 or more hex digits,
 * which an address reads as a version id prefix.
 */
public record TagName(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern ID_PREFIX = Pattern.compile("[0-9a-fA-F]{4,}");

  public TagName {
    String why = problem(value);
    if (why != null) throw new InvalidInputException("invalid tag '" + value + "': " + why);
  }

  /** Whether {@code value} is a tag this datafs accepts (an older one accepted more: see {@link #problem}). */
  public static boolean isValid(String value) {
    return problem(value) == null;
  }

  /** Why {@code value} is not a tag, or null when it is one. */
  public static String problem(String value) {
    if (value == null || value.isEmpty() || value.length() > 128 || !VALID.matcher(value).matches()) {
      return "use 1 to 128 of A-Z a-z 0-9 _ -, with single dots between them";
    }
    if (value.equals("latest") || value.matches("v\\d+")) return "it would shadow a version address";
    if (ID_PREFIX.matcher(value).matches()) return "4 or more hex digits read as a version id prefix";
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
