package io.datafs.core.config;

import io.datafs.core.error.InvalidInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of disk space as a user writes it: bytes ({@code 1073741824}), with a binary unit ({@code 512M},
 * {@code 50G}, {@code 1.5T}; K, M, G, T, with or without a trailing B or iB), or a share of a disk ({@code 10%}),
 * resolved against the disk it applies to.
 *
 * @param bytes the amount, when not a share
 * @param percent the share of the disk, in percent (0 to 100), or -1
 */
public record ByteSize(long bytes, double percent) {
  private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([KMGT])(?:I?B)?|B)?");
  private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes, -1);
  }

  /**
   * Parses {@code 50G}, {@code 512M}, {@code 10%} or a plain number of bytes.
   *
   * @throws InvalidInputException naming {@code what} and the text
   */
  public static ByteSize parse(String text, String what) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    Matcher share = SHARE.matcher(t);
    if (share.matches()) {
      double p = Double.parseDouble(share.group(1));
      if (p > 100) throw bad(what, text, "a share of the disk is at most 100%");
      return new ByteSize(-1, p);
    }
    Matcher m = AMOUNT.matcher(t);
    if (!m.matches()) throw bad(what, text, "write bytes, a size as 512M or 50G, or a share of the disk as 10%");
    int shift = m.group(2) == null ? 0 : 10 * ("KMGT".indexOf(m.group(2)) + 1);
    double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
    if (bytes >= Long.MAX_VALUE) throw bad(what, text, "too large");
    return ofBytes((long) bytes);
  }

  /** The bytes this is on a disk of {@code diskBytes}. */
  public long resolve(long diskBytes) {
    return percent < 0 ? bytes : (long) (diskBytes * percent / 100);
  }

  @Override
  public String toString() {
    return percent < 0 ? Long.toString(bytes) : (percent == Math.rint(percent) ? (long) percent : percent) + "%";
  }

  private static InvalidInputException bad(String what, String text, String why) {
    return new InvalidInputException(what + ": '" + text + "' is not a size (" + why + ")");
  }
}
