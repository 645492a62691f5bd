package io.datafs.core.pack;

/** How an object's bytes are stored in a pack. The code is what the pack format writes. */
public enum Codec {
  RAW(0),
  ZSTD(1);

  private final int code;

  Codec(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Codec ofCode(int code) {
    for (Codec c : values()) if (c.code == code) return c;
    throw new IllegalArgumentException("unknown codec " + code);
  }
}
