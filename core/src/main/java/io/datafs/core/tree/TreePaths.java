package io.datafs.core.tree;

import io.datafs.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/** Paths inside a tree: "a/b/c", relative to the root, no leading or trailing slash. */
public final class TreePaths {
  /**
   * Tree order: depth-first pre-order, siblings in {@link Names#ORDER}; a directory sorts right before everything
   * below it. The order {@link TreeWalker} and {@link TreeDiff} report paths in.
   */
  public static final Comparator<String> ORDER = TreePaths::compare;

  private TreePaths() {}

  /** The components of a path, each checked by {@link Names#check}. */
  public static List<String> split(String path) {
    if (path.isEmpty()) throw new InvalidInputException("empty path");
    List<String> parts = List.of(path.split("/", -1));
    for (String part : parts) {
      try {
        Names.check(part);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("invalid path " + Names.printable(path) + ": " + e.getMessage());
      }
    }
    return parts;
  }

  /** The path of a name inside a directory; the root's path is "". */
  public static String child(String dirPath, String name) {
    return dirPath.isEmpty() ? name : dirPath + "/" + name;
  }

  /**
   * A path's bytes that order as {@link #ORDER} does when compared unsigned ({@link java.util.Arrays#compareUnsigned}):
   * its UTF-8 with each '/' as 0. For comparing one path with many without encoding it each time.
   */
  public static byte[] sortKey(String path) {
    byte[] b = path.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '/') b[i] = 0;
    }
    return b;
  }

  /** Compares component by component: UTF-8 bytes, with '/' ranked below every byte a name may hold. */
  private static int compare(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(rank(x[i]), rank(y[i]));
      if (c != 0) return c;
    }
    return Integer.compare(x.length, y.length);
  }

  private static int rank(byte b) {
    return b == '/' ? 0 : (b & 0xFF); // names hold no NUL, so 0 is free
  }
}
