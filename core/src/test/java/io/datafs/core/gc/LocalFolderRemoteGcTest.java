package io.datafs.core.gc;

import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** {@link RemoteGcContract} on a folder remote. */
class LocalFolderRemoteGcTest extends RemoteGcContract {
  @Override
  protected Remote open() {
    try {
      return new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
