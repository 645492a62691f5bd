package io.datafs.core.select;

import io.datafs.core.query.Glob;

/**
 * A PATH or GLOB as {@code prefetch}, {@code cache pin} and {@code pull} take them: text with a glob character
 * ({@code * ? [ \}) is a {@link Glob} over the whole path; other text is a path in the dataset, a file or a directory
 * and everything inside it. A directory a glob matches counts whole too.
 */
public final class PathPattern {
  private final String text;
  private final Glob glob; // null: a plain path
  private final String path;

  private PathPattern(String text, Glob glob, String path) {
    this.text = text;
    this.glob = glob;
    this.path = path;
  }

  /** @throws io.datafs.core.error.InvalidInputException naming a glob that does not parse */
  public static PathPattern parse(String text) {
    if (text.chars().anyMatch(c -> "*?[\\".indexOf(c) >= 0)) return new PathPattern(text, Glob.parse(text), null);
    String p = text.replaceAll("^/+|/+$", "");
    return new PathPattern(text, null, p);
  }

  /** Whether the entry at {@code path} (relative, "/"-separated) is selected, with everything inside it. */
  public boolean matches(String entryPath) {
    if (glob != null) return glob.matches(entryPath);
    return path.isEmpty() || entryPath.equals(path) || entryPath.startsWith(path + "/");
  }

  /** Whether a directory at {@code dirPath} may hold selected entries: the walk need not enter it otherwise. */
  public boolean mayHoldMatches(String dirPath) {
    if (glob != null) return true;
    return path.isEmpty() || dirPath.equals(path) || path.startsWith(dirPath + "/") || dirPath.startsWith(path + "/");
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
