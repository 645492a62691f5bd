package io.datafs.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.StoreIoException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class RocksErrorsTest {
  private static RocksDBException rocks(Status.Code code, String message) {
    return new RocksDBException(message, new Status(code, Status.SubCode.None, null));
  }

  @Test
  void aFullDiskSaysSo() {
    DatafsException e = RocksErrors.failure("writing to the index at /d", rocks(Status.Code.IOError,
        "IO error: No space left on device: While appending to file: /d/000012.log: No space left on device"));
    assertInstanceOf(StoreIoException.class, e);
    assertEquals("writing to the index at /d: no space left on device", e.getMessage());
  }

  @Test
  void otherIoErrorsAreStoreIoErrorsOnOneLine() {
    DatafsException e = RocksErrors.failure("reading from the index at /d",
        rocks(Status.Code.IOError, "IO error: While open a file\nfor random read: /d/000009.sst: Permission denied\n"));
    assertInstanceOf(StoreIoException.class, e);
    assertEquals("reading from the index at /d: IO error: While open a file for random read: /d/000009.sst: "
        + "Permission denied", e.getMessage());
  }

  @Test
  void corruptionIsNotAnIoError() {
    DatafsException e = RocksErrors.failure("opening the index at /d",
        rocks(Status.Code.Corruption, "Corruption: CURRENT file does not end with newline"));
    assertFalse(e instanceof StoreIoException);
    assertEquals("opening the index at /d: Corruption: CURRENT file does not end with newline", e.getMessage());
  }

  @Test
  void onlyAHeldLockIsALockConflict() {
    assertTrue(RocksErrors.isLockConflict(rocks(Status.Code.IOError,
        "IO error: While lock file: /d/LOCK: Resource temporarily unavailable")));
    assertTrue(RocksErrors.isLockConflict(rocks(Status.Code.IOError,
        "IO error: lock hold by current process, acquire time 1732240000 acquiring thread 1234: /d/LOCK: "
            + "No locks available")));
    assertFalse(RocksErrors.isLockConflict(rocks(Status.Code.IOError,
        "IO error: While open a file for lock: /d/LOCK: Permission denied")));
    assertFalse(RocksErrors.isLockConflict(rocks(Status.Code.IOError,
        "IO error: No such file or directory: While opening a file for sequentially reading: /blocks/CURRENT")));
  }
}
