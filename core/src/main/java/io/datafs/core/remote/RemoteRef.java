package io.datafs.core.remote;

import io.datafs.core.error.InvalidInputException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Which remote an object can be fetched from, as the local index remembers it: the URL and the endpoint of an
 * S3-compatible server, never a name (names are edited away, DATAFS_REMOTE_URL has none) and never a secret.
 *
 * @param endpoint null for the provider's own
 */
public record RemoteRef(RemoteUrl url, URI endpoint) {
  /** "url" or "url endpoint": URLs hold no spaces once parsed... except file paths, so the endpoint goes first. */
  public byte[] encode() {
    String s = endpoint == null ? "\n" + url : endpoint + "\n" + url;
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static RemoteRef decode(byte[] bytes, int offset, int length) {
    String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    if (nl < 0) throw new InvalidInputException("not a remote reference: " + s);
    URI endpoint = RemoteOptions.parseEndpoint(s.substring(0, nl));
    return new RemoteRef(RemoteUrl.parse(s.substring(nl + 1)), endpoint);
  }

  @Override
  public String toString() {
    return url.toString();
  }
}
