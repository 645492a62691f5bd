package io.datafs.core.remote;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.RemoteAccessDeniedException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of remotes that take credentials: wrong ones are "access denied" on every operation, secrets unshown.
 */
public abstract class CredentialedRemoteContract extends RemoteContract {
  /** A remote that refuses its credentials. */
  protected abstract Remote openWithWrongCredentials() throws Exception;

  @Test
  void wrongCredentialsAreAccessDenied() throws Exception {
    try (Remote denied = openWithWrongCredentials()) {
      RemoteKey k = RemoteKey.of("x/y");
      for (Executable op : List.<Executable>of(() -> denied.get(k), () -> denied.size(k),
          () -> denied.put(k, new byte[] {1}), () -> denied.create(k, new byte[] {1}), () -> denied.list(""))) {
        RemoteAccessDeniedException e = assertThrows(RemoteAccessDeniedException.class, op::execute);
        assertTrue(e.getMessage().contains(denied.url().toString()), e.getMessage());
        assertOneLineWithoutSecrets(e);
      }
    }
  }
}
