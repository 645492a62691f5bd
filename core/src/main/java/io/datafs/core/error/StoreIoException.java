package io.datafs.core.error;

import java.io.IOException;

/** An I/O failure of the store itself (a full disk, a permission problem), wrapped with what was being done. */
public class StoreIoException extends DatafsException {
  public StoreIoException(String doing, IOException cause) {
    super(doing + ": " + describe(cause), cause);
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (m != null && m.contains("No space left on device")) return "no space left on device";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + m;
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file: " + m;
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
