package io.datafs.core.pack;

import io.datafs.core.id.ObjectId;
import java.nio.file.Path;

/** Where packs live in a packs directory: fanned out by the first byte of the id, like git objects. */
public final class Packs {
  private Packs() {}

  /** {@code packsDir/<first two hex digits>/<64 hex digits>}. */
  public static Path path(Path packsDir, ObjectId packId) {
    String hex = packId.hex();
    return packsDir.resolve(hex.substring(0, 2)).resolve(hex);
  }

  /** Where packs are written before they are sealed; anything left there is garbage from an interrupted write. */
  public static Path tmpDir(Path packsDir) {
    return packsDir.resolve("tmp");
  }
}
