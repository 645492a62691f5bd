package io.datafs.core.remote;

import io.datafs.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An object's name on a remote, relative to the remote's root: "/"-separated segments of UTF-8. No empty
 * segment, no "." or "..", no control character or backslash, at most 255 bytes a segment and 1024 in all, so
 * that the same key is valid on a local folder, S3 and Azure Blob. Ordered by unsigned UTF-8 bytes, as S3
 * lists keys.
 */
public record RemoteKey(String value) implements Comparable<RemoteKey> {
  static final int MAX_BYTES = 1024;
  static final int MAX_SEGMENT_BYTES = 255;

  public RemoteKey {
    if (value == null || value.isEmpty()) throw new InvalidInputException("empty remote key");
    checkChars(value, "remote key");
    if (value.startsWith("/") || value.endsWith("/")) throw bad(value, "starts or ends with '/'");
    if (utf8(value).length > MAX_BYTES) throw bad(value, "is over " + MAX_BYTES + " bytes");
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) throw bad(value,
          "has an empty, '.' or '..' segment");
      if (utf8(segment).length > MAX_SEGMENT_BYTES) throw bad(value, "has a segment over " + MAX_SEGMENT_BYTES
          + " bytes");
    }
  }

  public static RemoteKey of(String value) {
    return new RemoteKey(value);
  }

  /**
   * Checks a listing prefix: empty (everything), or the start of a key. A prefix need not end at a segment
   * boundary ("versions/ca" matches "versions/cats/1.json").
   */
  /**
   * The keys of a listing's object names, all under {@code root} (the remote's prefix with its "/", or ""), sorted;
   * a name no datafs key could be ("a//b") is not part of the remote and is left out.
   */
  public static List<RemoteKey> listed(String root, Iterable<String> names) {
    List<RemoteKey> keys = new ArrayList<>();
    for (String name : names) {
      try {
        keys.add(new RemoteKey(name.substring(root.length())));
      } catch (InvalidInputException notOurs) {
        // written by something else into the same bucket or container
      }
    }
    keys.sort(null);
    return keys;
  }

  public static String checkPrefix(String prefix) {
    if (prefix == null) throw new InvalidInputException("null remote key prefix");
    if (prefix.isEmpty()) return prefix;
    checkChars(prefix, "remote key prefix");
    if (prefix.startsWith("/") || prefix.contains("//")) throw new InvalidInputException(
        "invalid remote key prefix '" + prefix + "'");
    return prefix;
  }

  /** The last segment. */
  public String name() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  @Override
  public int compareTo(RemoteKey o) {
    return Arrays.compareUnsigned(utf8(value), utf8(o.value));
  }

  @Override
  public String toString() {
    return value;
  }

  private static void checkChars(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw new InvalidInputException("invalid " + what + " '" + s.replaceAll("\\p{Cntrl}", "?")
            + "': control characters and '\\' are not allowed");
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) throw new InvalidInputException("invalid " + what + ": not valid Unicode");
        i++;
      }
    }
  }

  private static InvalidInputException bad(String value, String why) {
    return new InvalidInputException("invalid remote key '" + value + "': it " + why);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
