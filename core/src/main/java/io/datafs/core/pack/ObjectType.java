package io.datafs.core.pack;

/** What a pack object is. Chunks go to data packs; pages and chunk lists to metadata packs. */
public enum ObjectType {
  CHUNK(1),
  PAGE(2),
  CHUNK_LIST(3);

  private final int code;

  ObjectType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ObjectType ofCode(int code) {
    for (ObjectType t : values()) if (t.code == code) return t;
    throw new IllegalArgumentException("unknown object type " + code);
  }
}
