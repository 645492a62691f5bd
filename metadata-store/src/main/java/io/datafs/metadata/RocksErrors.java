package io.datafs.metadata;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import java.io.IOException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Turns RocksDB's failures into datafs' typed, one-line errors. */
final class RocksErrors {
  private RocksErrors() {}

  /** {@code doing} says what failed and names the store, like "writing to the index at /home/a/.datafs/db". */
  static DatafsException failure(String doing, RocksDBException e) {
    String message = oneLine(e);
    if (isIoError(e) || message.contains("No space left on device")) {
      return new StoreIoException(doing, new IOException(message, e));
    }
    return new DatafsException(doing + ": " + message, e);
  }

  /**
   * Whether an open failed because the database's LOCK file is held: by another process ("While lock file:
   * .../LOCK: Resource temporarily unavailable") or by an open store of this one ("lock hold by current
   * process, ..."). Failing to create the LOCK file at all is not a conflict, and waiting would not help.
   */
  static boolean isLockConflict(RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    return isIoError(e) && (message.contains("While lock file") || message.contains("lock hold by current process"));
  }

  private static boolean isIoError(RocksDBException e) {
    Status status = e.getStatus();
    return status != null && status.getCode() == Status.Code.IOError;
  }

  private static String oneLine(RocksDBException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getStatus() == null ? "RocksDB failed" : e.getStatus().getCodeString();
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
