package io.datafs.core.tree;

public enum EntryKind {
  FILE(1),
  DIR(2),
  SYMLINK(3);

  private final int code;

  EntryKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static EntryKind ofCode(int code) {
    for (EntryKind k : values()) if (k.code == code) return k;
    throw new IllegalArgumentException("unknown entry kind " + code);
  }
}
