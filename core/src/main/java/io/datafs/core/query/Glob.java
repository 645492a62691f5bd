package io.datafs.core.query;

import io.datafs.core.error.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over a dataset path ("/"-separated, relative): {@code *} and {@code ?} within one element, {@code [...]}
 * ({@code [!...]} or {@code [^...]} negated), {@code \} escaping the next character, and {@code **} as a whole
 * element for zero or more elements ({@code train/**}{@code /*.jpg} matches {@code train/a.jpg} and
 * {@code train/x/y/a.jpg}; a trailing {@code /**} matches everything inside). The pattern is matched against the
 * whole path. Translated to a regular expression by hand: {@link java.nio.file.PathMatcher}'s {@code **} is not an
 * element of its own, so its {@code train/**}{@code /*.jpg} needs a directory between and misses {@code train/a.jpg}.
 */
public final class Glob {
  private static final String ELEMENT = "[^/]+";

  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /** @throws InvalidInputException naming the pattern, on an empty element or an unterminated class or escape */
  public static Glob parse(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) throw new InvalidInputException("glob '': empty pattern");
    if (pattern.startsWith("/")) {
      throw bad(pattern, "starts with '/'; a glob is matched against the whole path, relative to the dataset root");
    }
    if (pattern.endsWith("/")) throw bad(pattern, "ends with '/'; to match everything inside, end it with '/**'");
    String[] elements = pattern.split("/", -1);
    StringBuilder regex = new StringBuilder();
    boolean separatorDue = false; // an element was written and the next one needs its '/'
    int column = 1;
    for (int i = 0; i < elements.length; i++) {
      String element = elements[i];
      if (element.isEmpty()) throw bad(pattern, "empty path element at column " + column);
      if (element.equals("**")) {
        if (i == elements.length - 1) {
          regex.append(separatorDue ? "(?:/" + ELEMENT + ")+" : ELEMENT + "(?:/" + ELEMENT + ")*");
        } else {
          regex.append(separatorDue ? "/" : "").append("(?:" + ELEMENT + "/)*");
        }
        separatorDue = false;
      } else {
        regex.append(separatorDue ? "/" : "");
        translateElement(pattern, element, column, regex);
        separatorDue = true;
      }
      column += element.length() + 1;
    }
    return new Glob(pattern, Pattern.compile(regex.toString()));
  }

  /** Whether the whole dataset path matches. */
  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  public String pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return pattern;
  }

  private static void translateElement(String pattern, String element, int column, StringBuilder regex) {
    for (int j = 0; j < element.length(); j++) {
      char c = element.charAt(j);
      switch (c) {
        case '*' -> {
          while (j + 1 < element.length() && element.charAt(j + 1) == '*') j++; // "a**b" is "a*b", one loop
          regex.append("[^/]*");
        }
        case '?' -> regex.append("[^/]");
        case '[' -> j = translateClass(pattern, element, j, column, regex);
        case '\\' -> {
          if (++j == element.length()) throw bad(pattern, "'\\' escapes nothing at column " + (column + j - 1));
          appendLiteral(element.charAt(j), regex);
        }
        default -> appendLiteral(c, regex);
      }
    }
  }

  /** Translates the class opening at {@code open}; returns the index of its ']'. */
  private static int translateClass(String pattern, String element, int open, int column, StringBuilder regex) {
    int j = open + 1;
    boolean negated = j < element.length() && (element.charAt(j) == '!' || element.charAt(j) == '^');
    if (negated) j++;
    int first = j;
    StringBuilder members = new StringBuilder();
    for (; j < element.length(); j++) {
      char c = element.charAt(j);
      if (c == ']' && j > first) {
        // a negated class must not match '/' either: no class ever crosses an element
        regex.append("(?!/)[").append(negated ? "^" : "").append(members).append(']');
        return j;
      }
      boolean escaped = c == '\\';
      if (escaped) {
        if (++j == element.length()) break;
        c = element.charAt(j);
      }
      if (!escaped && c == '-' && j > first && j + 1 < element.length() && element.charAt(j + 1) != ']') {
        members.append('-'); // a range
      } else {
        members.append(Character.isLetterOrDigit(c) ? "" : "\\").append(c);
      }
    }
    throw bad(pattern, "unterminated '[' at column " + (column + open));
  }

  private static void appendLiteral(char c, StringBuilder regex) {
    if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) regex.append('\\');
    regex.append(c);
  }

  private static InvalidInputException bad(String pattern, String detail) {
    return new InvalidInputException("glob '" + pattern + "': " + detail);
  }
}
