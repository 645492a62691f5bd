package io.datafs.core.remote;

/** {@code file://} remotes: a folder needs no SDK. */
public final class LocalFolderProvider implements RemoteProvider {
  @Override
  public String scheme() {
    return RemoteUrl.FILE;
  }

  @Override
  public Remote open(RemoteUrl url, RemoteOptions options) {
    return new LocalFolderRemote(url);
  }
}
