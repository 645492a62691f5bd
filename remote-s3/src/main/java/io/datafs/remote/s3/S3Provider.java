package io.datafs.remote.s3;

import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteProvider;
import io.datafs.core.remote.RemoteUrl;

/** {@code s3://bucket/prefix}: credentials and region from the AWS SDK's default sources. */
public final class S3Provider implements RemoteProvider {
  @Override
  public String scheme() {
    return RemoteUrl.S3;
  }

  @Override
  public Remote open(RemoteUrl url, RemoteOptions options) {
    return new S3Remote(url, S3Clients.build(options.endpoint(), null, null));
  }
}
