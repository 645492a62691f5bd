package io.datafs.core.pack;

/** What a pack holds: chunks (DATA) or pages and chunk lists (METADATA). The code is what the pack header writes. */
public enum PackKind {
  DATA(1),
  METADATA(2);

  private final int code;

  PackKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static PackKind ofCode(int code) {
    for (PackKind k : values()) if (k.code == code) return k;
    throw new IllegalArgumentException("unknown pack kind " + code);
  }
}
