package io.datafs.remote.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteNotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.error.RemoteTransientException;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Turns the SDK's failures into datafs's typed ones, each one line naming the remote and key. Only the status
 * and Azure error code go into a message: the SDK's own text spans lines and quotes the service's XML.
 */
final class AzureErrors {
  private final RemoteUrl url;

  AzureErrors(RemoteUrl url) {
    this.url = url;
  }

  RuntimeException map(String doing, RemoteKey key, RuntimeException e) {
    String what = "remote " + url + ": " + doing + (key == null ? "" : " key " + key);
    BlobStorageException b = find(e, BlobStorageException.class);
    if (b != null) {
      int status = b.getStatusCode();
      BlobErrorCode code = b.getErrorCode();
      String shown = code == null ? "" : " " + code;
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
        return new RemoteNotFoundException("container '" + url.location() + "' does not exist (remote " + url + ")", e);
      }
      if (status == 404 && key != null) return new RemoteObjectNotFoundException(url.toString(), key.value());
      if (status == 403) {
        return new RemoteAccessDeniedException("access denied to remote " + url + " " + doing
            + (key == null ? "" : " key " + key) + " (HTTP " + status + shown
            + "): check AZURE_STORAGE_CONNECTION_STRING or the account key", e);
      }
      if (status >= 500 || status == 429 || status == 408) {
        return new RemoteTransientException(what + ": HTTP " + status + shown, e);
      }
      return new DatafsException(what + ": HTTP " + status + shown, e);
    }
    Throwable io = find(e, IOException.class);
    if (io == null) io = find(e, TimeoutException.class);
    if (io != null) return new RemoteTransientException(what + ": " + oneLine(io), e);
    return new DatafsException(what + ": " + oneLine(e), e);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
    }
    return null;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
