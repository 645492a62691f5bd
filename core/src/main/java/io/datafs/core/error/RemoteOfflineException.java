package io.datafs.core.error;

/**
 * A remote a command would open while datafs is offline ({@code --offline}, {@code DATAFS_OFFLINE=1}): not contacted.
 */
public class RemoteOfflineException extends DatafsException {
  public RemoteOfflineException(String message) {
    super(message);
  }
}
