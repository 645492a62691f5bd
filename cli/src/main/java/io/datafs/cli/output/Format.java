package io.datafs.cli.output;

import io.datafs.core.tree.TreeEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How sizes, modes and times look in human output. */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Format() {}

  public static String bytes(long n) {
    if (n < 1024) return n + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }

  public static String count(long n) {
    return String.format("%,d", n);
  }

  /** Like ls -l: a type letter and rwx triplets. */
  public static String mode(TreeEntry e) {
    char type = switch (e.kind()) {
      case DIR -> 'd';
      case SYMLINK -> 'l';
      case FILE -> '-';
    };
    StringBuilder b = new StringBuilder().append(type);
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) b.append((e.mode() & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    return b.toString();
  }

  public static String time(long epochNanos) {
    return TIME.format(Instant.ofEpochSecond(0, epochNanos));
  }

  public static String time(String isoInstant) {
    return TIME.format(Instant.parse(isoInstant));
  }

  public static String isoTime(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos).toString();
  }
}
