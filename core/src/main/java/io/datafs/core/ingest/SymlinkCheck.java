package io.datafs.core.ingest;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.tree.LinkReach;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A symlink is kept only when its target stays inside the dataset, judged on the text of the target. */
public final class SymlinkCheck {
  private SymlinkCheck() {}

  static String target(Path link, String path) {
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new InvalidInputException("cannot read symlink " + path + ": " + e.getMessage());
    }
    if (escapes(path, target)) {
      throw new InvalidInputException("symlink " + path + " points outside the dataset: " + target);
    }
    return target;
  }

  /** True when {@code target}, read from the directory holding {@code path}, leaves the dataset root. */
  public static boolean escapes(String path, String target) {
    return LinkReach.climb(target) > LinkReach.depthOfParent(path);
  }
}
