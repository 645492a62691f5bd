package io.datafs.fs.overlay;

import io.datafs.core.tree.EntryKind;

/**
 * One line of {@code datafs status}: a path of a writable mount that differs from its base version.
 *
 * @param path  relative to the dataset root, "/"-separated, no leading slash
 * @param from  for {@link Kind#RENAMED}, where the entry was in the base; otherwise null
 * @param entry what the path holds now (for {@link Kind#DELETED}, what it held in the base)
 */
public record StagedChange(Kind kind, String path, String from, EntryKind entry) {
  public enum Kind {
    ADDED("A"), MODIFIED("M"), DELETED("D"), RENAMED("R");

    private final String letter;

    Kind(String letter) {
      this.letter = letter;
    }

    /** git status's letter. */
    public String letter() {
      return letter;
    }
  }
}
