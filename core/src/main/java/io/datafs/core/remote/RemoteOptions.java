package io.datafs.core.remote;

import io.datafs.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * What opening a remote needs besides its URL. Never a secret: credentials come from each SDK's own sources.
 *
 * @param endpoint the server of an S3-compatible store (MinIO, S3Proxy, Ceph...), or null for the provider's own
 * @param env      the environment the SDKs read (AZURE_STORAGE_CONNECTION_STRING...): the daemon passes its own
 */
public record RemoteOptions(URI endpoint, Map<String, String> env) {
  public RemoteOptions {
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /** The variable that, set to {@code 1} (or {@code true}), keeps every command from contacting a remote. */
  public static final String OFFLINE = "DATAFS_OFFLINE";

  /** Whether {@link #env} says datafs is offline. */
  public boolean offline() {
    return isOffline(env);
  }

  public static boolean isOffline(Map<String, String> env) {
    String v = env.get(OFFLINE);
    return "1".equals(v) || "true".equalsIgnoreCase(v);
  }

  public static RemoteOptions defaults() {
    return new RemoteOptions(null, System.getenv());
  }

  public static RemoteOptions withEndpoint(String endpoint) {
    return new RemoteOptions(parseEndpoint(endpoint), System.getenv());
  }

  /** An http(s) URL without credentials, or null for none. */
  public static URI parseEndpoint(String text) {
    if (text == null || text.isBlank()) return null;
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("malformed endpoint " + RemoteUrl.redact(text) + ": " + e.getReason());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new InvalidInputException("malformed endpoint " + RemoteUrl.redact(text) + ": use http(s)://host[:port]");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidInputException("malformed endpoint " + RemoteUrl.redact(text)
          + ": credentials do not belong in it");
    }
    return uri;
  }
}
