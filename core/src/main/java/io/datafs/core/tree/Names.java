package io.datafs.core.tree;

import io.datafs.core.error.InvalidInputException;
import java.util.Comparator;

/** Entry names: what is allowed, and the one order every tree sorts by (unsigned UTF-8 bytes). */
public final class Names {
  public static final int MAX_BYTES = 255;

  /** Unsigned UTF-8 byte order; differs from {@link String#compareTo} for characters outside the BMP. */
  public static final Comparator<String> ORDER = Names::compare;

  private Names() {}

  /**
   * Refuses an empty name, ".", "..", a name holding '/' or NUL, one over 255 UTF-8 bytes, or one that is
   * not valid Unicode (an unpaired surrogate, or U+FFFD standing for bytes that were not UTF-8).
   */
  public static String check(String name) {
    if (name.isEmpty()) throw new InvalidInputException("empty file name");
    if (name.equals(".") || name.equals("..")) throw new InvalidInputException("invalid file name: " + name);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == 0) throw new InvalidInputException("invalid file name (contains '/' or NUL): "
          + printable(name));
      if (c == '\uFFFD') throw new InvalidInputException("file name is not valid UTF-8: " + printable(name));
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
            && Character.isLowSurrogate(name.charAt(i + 1));
        if (!paired) throw new InvalidInputException("file name is not valid UTF-8: " + printable(name));
        i++;
      }
    }
    if (utf8Length(name) > MAX_BYTES) throw new InvalidInputException("file name longer than 255 bytes: "
        + printable(name));
    return name;
  }

  /**
   * Unsigned UTF-8 byte order without encoding: UTF-8 sorts like code points, and so does UTF-16 except that
   * surrogates (U+D800..DFFF) sort below U+E000..FFFF, which comparing code points puts right.
   */
  public static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x == y) continue;
      if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
        return Integer.compare(a.codePointAt(i), b.codePointAt(i));
      }
      return Character.compare(x, y);
    }
    return Integer.compare(a.length(), b.length());
  }

  public static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  /** The name with control characters escaped, for one-line error messages. */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }
}
