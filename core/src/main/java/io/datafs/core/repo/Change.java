package io.datafs.core.repo;

import io.datafs.core.tree.TreeEntry;
import java.nio.file.Path;

/** One staged change to a path of a dataset, as a writable mount or a caller of {@link Repository#commit} has it. */
public sealed interface Change {
  /** A regular file whose content is read from {@code source} at commit time. */
  record PutFile(Path source, int mode, long mtimeNanos) implements Change {}

  record PutSymlink(String target, long mtimeNanos) implements Change {}

  /** A directory: created empty when new, otherwise its mode and mtime change and its content stays. */
  record PutDir(int mode, long mtimeNanos) implements Change {}

  /**
   * An entry that is already in the store, put as it is (a file or directory moved or re-moded without new
   * content): a directory brings its whole subtree. Its name must be the path's last component.
   */
  record PutEntry(TreeEntry entry) implements Change {}

  /** Removes a path; a directory goes with everything below it. */
  record Delete() implements Change {}
}
