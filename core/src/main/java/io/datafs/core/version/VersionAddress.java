package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user wrote to name a version: {@code name}, {@code name@latest}, {@code name@vN}, {@code name@<tag>} (a
 * semantic version is a tag: {@code name@1.2.0}), {@code name@^1} or {@code name@~1.2} (the highest semantic version
 * in that range: {@link SemverRange}), {@code name@<unique id prefix>}, or LDB's {@code ds:name.vN}. Resolved by
 * {@code Catalog#resolve}; no valid tag is spelled as a version number or an id prefix ({@link TagName}), so the forms
 * never overlap.
 */
public record VersionAddress(DatasetName dataset, String selector) {
  private static final Pattern LDB = Pattern.compile("ds:([^.@]*)(?:\\.v(\\d+))?");
  private static final Pattern NUMBER = Pattern.compile("v(\\d{1,18})");

  public static VersionAddress parse(String text) {
    Matcher ldb = LDB.matcher(text);
    if (ldb.matches()) {
      return new VersionAddress(new DatasetName(ldb.group(1)), ldb.group(2) == null ? "latest" : "v" + ldb.group(2));
    }
    int at = text.indexOf('@');
    if (at < 0) return new VersionAddress(new DatasetName(text), "latest");
    String selector = text.substring(at + 1);
    if (selector.isEmpty()) throw new InvalidInputException("missing version after '@' in '" + text + "'");
    return new VersionAddress(new DatasetName(text.substring(0, at)), selector);
  }

  public boolean isLatest() {
    return selector.equals("latest");
  }

  /** The N of {@code vN}, or -1 when the selector is not a version number. */
  public long number() {
    Matcher m = NUMBER.matcher(selector);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  @Override
  public String toString() {
    return dataset + "@" + selector;
  }
}
