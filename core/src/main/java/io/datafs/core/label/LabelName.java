package io.datafs.core.label;

import io.datafs.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A label of objects (LDB's object tag): 1 to 64 of {@code A-Z a-z 0-9 _ -}. */
public record LabelName(String value) implements Comparable<LabelName> {
  public static final int MAX_LENGTH = 64;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

  public LabelName {
    if (!isValid(value)) {
      throw new InvalidInputException("invalid label '" + shown(value) + "': use 1 to " + MAX_LENGTH
          + " of A-Z a-z 0-9 _ -");
    }
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  /** The name as a message may show it: on one line, and not longer than a line. */
  private static String shown(String value) {
    if (value == null) return "";
    String line = value.replaceAll("\\p{Cntrl}", "?");
    return line.length() > 2 * MAX_LENGTH ? line.substring(0, 2 * MAX_LENGTH) + "..." : line;
  }

  @Override
  public int compareTo(LabelName o) {
    return value.compareTo(o.value); // ASCII only: the same order as their UTF-8 bytes in the index
  }

  @Override
  public String toString() {
    return value;
  }
}
