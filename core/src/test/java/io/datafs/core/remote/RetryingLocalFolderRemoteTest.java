package io.datafs.core.remote;

import io.datafs.core.remote.FaultyRemote.Fault;
import java.nio.file.Files;
import java.time.Duration;

/** The contract still holds through retries when a fifth of all requests fail before they reach the folder. */
class RetryingLocalFolderRemoteTest extends CredentialedRemoteContract {
  private static final RetryPolicy PATIENT = new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(10),
      Duration.ofSeconds(30));

  @Override
  protected Remote open() throws Exception {
    Remote folder = new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString()));
    return new RetryingRemote(new FaultyRemote(folder).failRandomly(Fault.SERVER_ERROR, 0.2), PATIENT);
  }

  @Override
  protected Remote openMissing() {
    return new RetryingRemote(new LocalFolderRemote(RemoteUrl.parse(tmp.resolve("missing").toString())), PATIENT);
  }

  /** A folder has no credentials: a refusal injected under the retries must come through at once, unretried. */
  @Override
  protected Remote openWithWrongCredentials() throws Exception {
    Remote folder = new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("denied")).toString()));
    return new RetryingRemote(new FaultyRemote(folder).failAlways(Fault.DENIED), PATIENT);
  }
}
