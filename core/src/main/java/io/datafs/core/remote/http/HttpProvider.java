package io.datafs.core.remote.http;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteProvider;
import io.datafs.core.remote.RemoteUrl;

/**
 * {@code https://} and {@code http://} remotes: the JDK's HTTP client, so core opens them with no SDK. One provider per
 * scheme, both registered in {@code META-INF/services}.
 */
public abstract class HttpProvider implements RemoteProvider {
  @Override
  public Remote open(RemoteUrl url, RemoteOptions options) {
    if (options.endpoint() != null) {
      throw new InvalidInputException("an endpoint is for s3:// and az:// remotes, not " + url);
    }
    return new HttpRemote(url);
  }

  /** {@code https://host/prefix}. */
  public static final class Secure extends HttpProvider {
    @Override
    public String scheme() {
      return RemoteUrl.HTTPS;
    }
  }

  /** {@code http://host/prefix}: a server on a trusted network, or loopback. */
  public static final class Plain extends HttpProvider {
    @Override
    public String scheme() {
      return RemoteUrl.HTTP;
    }
  }
}
