package io.datafs.remote.azure;

import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteProvider;
import io.datafs.core.remote.RemoteUrl;

/** {@code az://container/prefix}: credentials from the environment (see {@link AzureClients}). */
public final class AzureProvider implements RemoteProvider {
  @Override
  public String scheme() {
    return RemoteUrl.AZURE;
  }

  @Override
  public Remote open(RemoteUrl url, RemoteOptions options) {
    return new AzureBlobRemote(url, AzureClients.fromEnvironment(options.env(), options.endpoint()));
  }
}
