package io.datafs.core.remote.http;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteNotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.error.RemoteReadOnlyException;
import io.datafs.core.error.RemoteTransientException;
import io.datafs.core.remote.BoundedInputStream;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteEntry;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteListing;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.StorageRemote;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * A remote served read-only over http(s) by any static web server or CDN: {@code https://host/prefix/<key>}. Objects
 * are read by GET, ranges by {@code Range: bytes=a-b}; a server that ignores Range (nginx with {@code max_ranges 0})
 * sends the whole object, which is skipped to the range and cut after it, reading no more than the range needs.
 * Sizes come from HEAD. A web server cannot list, so {@link #list} reads the listing files every push keeps
 * ({@link RemoteListing}), revalidated by their ETag. Writes are refused ({@link RemoteReadOnlyException}).
 *
 * <p>Connections time out after 5 s, responses whose headers do not come within 15 s, and reads of a body that waits
 * 15 s for a byte ({@link StallWatch}): transient failures, which {@link io.datafs.core.remote.RetryingRemote}
 * retries. Redirects are followed, but never from https to http.
 */
public final class HttpRemote extends StorageRemote {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  /** A listing as last read, and the ETag to ask whether it changed since. */
  private record Listing(String etag, List<RemoteKey> keys) {}

  private final RemoteUrl url;
  /** {@code scheme://host[:port]/prefix/}, encoded: a key's URL is this and the encoded key. */
  private final String base;
  private final Duration readTimeout;
  private final HttpClient http;
  private final StallWatch stalls;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();
  private volatile boolean rootSeen;

  public HttpRemote(RemoteUrl url) {
    this(url, READ_TIMEOUT);
  }

  /** With another read timeout (tests of servers that stop sending). */
  HttpRemote(RemoteUrl url, Duration readTimeout) {
    if (!url.isReadOnly()) throw new IllegalArgumentException(url + " is not an http(s) URL");
    this.url = url;
    this.base = url.scheme() + "://" + url.location() + "/"
        + (url.prefix().isEmpty() ? "" : RemoteUrl.encodePath(url.prefix()) + "/");
    this.readTimeout = readTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        // no h2c upgrade on plain http; https negotiates HTTP/2 where the server offers it
        .version(url.scheme().equals(RemoteUrl.HTTPS) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    this.stalls = new StallWatch(readTimeout);
  }

  @Override
  public RemoteUrl url() {
    return url;
  }

  @Override
  public byte[] get(RemoteKey key) {
    try (InputStream in = open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw broken("reading", key, e);
    }
  }

  @Override
  protected byte[] readRange(RemoteKey key, long offset, int length) {
    try (InputStream in = openRange(key, offset, length)) {
      return in.readNBytes(length);
    } catch (IOException e) {
      throw broken("reading", key, e);
    }
  }

  @Override
  protected InputStream openRange(RemoteKey key, long offset, long length) {
    boolean whole = offset == 0 && length == Long.MAX_VALUE;
    HttpRequest.Builder request = request(key).GET();
    if (!whole) {
      long last = offset + length - 1; // past Long.MAX_VALUE: an open range
      request.header("Range", "bytes=" + offset + "-" + (last < 0 ? "" : Long.toString(last)));
    }
    HttpResponse<InputStream> r = send(request.build(), HttpResponse.BodyHandlers.ofInputStream(), "reading", key);
    InputStream body = stalls.guard(r.body());
    int status = r.statusCode();
    if (status == 206 || status == 200 && whole) {
      return length == Long.MAX_VALUE ? body : new BoundedInputStream(body, length);
    }
    if (status == 200) return cut(body, key, offset, length);
    close(body);
    if (status == 416) return InputStream.nullInputStream(); // the range starts at or past the end
    throw failure(status, "reading", key);
  }

  /** The range of a whole object sent by a server that ignored Range: skipped to it, and no further than it read. */
  private InputStream cut(InputStream body, RemoteKey key, long offset, long length) {
    try {
      body.skipNBytes(offset);
    } catch (EOFException shorter) {
      close(body);
      return InputStream.nullInputStream();
    } catch (IOException e) {
      close(body);
      throw broken("reading", key, e);
    }
    return length == Long.MAX_VALUE ? body : new BoundedInputStream(body, length);
  }

  @Override
  public OptionalLong size(RemoteKey key) {
    HttpResponse<Void> r = head(key);
    int status = r.statusCode();
    if (status == 404 || status == 410) {
      checkRoot();
      return OptionalLong.empty();
    }
    if (status != 200) throw failure(status, "looking up", key);
    OptionalLong size = r.headers().firstValueAsLong("Content-Length");
    if (size.isEmpty()) {
      throw new DatafsException("remote " + url + ": the server sent no size (Content-Length) of " + key);
    }
    return size;
  }

  @Override
  public void put(RemoteKey key, byte[] bytes) {
    throw new RemoteReadOnlyException(url.toString());
  }

  @Override
  public void put(RemoteKey key, Path file) {
    throw new RemoteReadOnlyException(url.toString());
  }

  @Override
  public CreateResult create(RemoteKey key, byte[] bytes) {
    throw new RemoteReadOnlyException(url.toString());
  }

  @Override
  public boolean delete(RemoteKey key) {
    throw new RemoteReadOnlyException(url.toString());
  }

  /** A listing file holds no times, and nothing read over http(s) may be deleted: a GC has no use for it. */
  @Override
  public List<RemoteEntry> listEntries(String prefix) {
    throw new RemoteReadOnlyException(url.toString());
  }

  /** From the listing file of the area the prefix is in: the keys a push last saw there. */
  @Override
  public List<RemoteKey> list(String prefix) {
    RemoteKey.checkPrefix(prefix);
    String area = RemoteListing.areaOf(prefix);
    if (area == null) {
      throw new DatafsException("remote " + url + " cannot list '" + prefix + "': a web server lists nothing, and a "
          + "datafs remote keeps listings of " + String.join(", ", RemoteListing.AREAS) + " only");
    }
    return listing(area).stream().filter(k -> k.value().startsWith(prefix)).toList();
  }

  private List<RemoteKey> listing(String area) {
    RemoteKey key = RemoteListing.key(area);
    Listing known = listings.get(area);
    // a listing changes with every push: a cache between here and the server must ask the server
    HttpRequest.Builder request = request(key).GET().header("Cache-Control", "no-cache");
    if (known != null && known.etag() != null) request.header("If-None-Match", known.etag());
    HttpResponse<InputStream> r = send(request.build(), HttpResponse.BodyHandlers.ofInputStream(), "reading", key);
    int status = r.statusCode();
    try (InputStream body = stalls.guard(r.body())) {
      if (status == 304 && known != null) return known.keys();
      if (status == 404 || status == 410) {
        checkRoot();
        throw new DatafsException("remote " + url + " has no " + key + ": it was pushed to by a datafs that writes no "
            + "listings; push to the remote it is served from again to write them");
      }
      if (status != 200) throw failure(status, "reading", key);
      byte[] bytes = body.readNBytes(RemoteListing.MAX_BYTES + 1);
      if (bytes.length > RemoteListing.MAX_BYTES) {
        throw new CorruptObjectException(null, "remote " + url + ": " + key + " is larger than "
            + (RemoteListing.MAX_BYTES >> 20) + " MiB, the most a listing may be: refused");
      }
      List<RemoteKey> keys = RemoteListing.decode(url.toString(), area, bytes);
      listings.put(area, new Listing(r.headers().firstValue("ETag").orElse(null), keys));
      return keys;
    } catch (IOException e) {
      throw broken("reading", key, e);
    }
  }

  @Override
  public void close() {
    stalls.close();
  }

  /** A missing object of a remote that exists, or a remote that does not: a web server answers 404 to both. */
  private void checkRoot() {
    if (rootSeen) return;
    HttpResponse<Void> r = head(RemoteLayout.FORMAT);
    if (r.statusCode() == 404 || r.statusCode() == 410) {
      throw new RemoteNotFoundException("remote " + url + " does not exist: the server has no " + RemoteLayout.FORMAT
          + " there", null);
    }
    if (r.statusCode() != 200) throw failure(r.statusCode(), "looking up", RemoteLayout.FORMAT);
    rootSeen = true;
  }

  private HttpResponse<Void> head(RemoteKey key) {
    HttpRequest request = request(key).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    return send(request, HttpResponse.BodyHandlers.discarding(), "looking up", key);
  }

  private HttpRequest.Builder request(RemoteKey key) {
    return HttpRequest.newBuilder(URI.create(base + RemoteUrl.encodePath(key.value()))).timeout(readTimeout);
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String doing, RemoteKey key) {
    try {
      return http.send(request, body);
    } catch (SSLException e) {
      throw new DatafsException(what(doing, key) + ": TLS failed: " + oneLine(e), e); // not mended by trying again
    } catch (IOException e) {
      throw broken(doing, key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatafsException(what(doing, key) + ": interrupted");
    }
  }

  private RuntimeException failure(int status, String doing, RemoteKey key) {
    if (status == 404 || status == 410) {
      checkRoot();
      return new RemoteObjectNotFoundException(url.toString(), key.value());
    }
    if (status == 401 || status == 403) {
      return new RemoteAccessDeniedException("access denied to remote " + url + " " + doing + " key " + key
          + " (HTTP " + status + "): the server must let anyone read it", null);
    }
    if (status >= 500 || status == 429 || status == 408) {
      return new RemoteTransientException(what(doing, key) + ": HTTP " + status, null);
    }
    return new DatafsException(what(doing, key) + ": HTTP " + status);
  }

  /** A connection that failed, timed out or broke mid-body: may pass if tried again. */
  private RemoteTransientException broken(String doing, RemoteKey key, IOException e) {
    return new RemoteTransientException(what(doing, key) + ": " + oneLine(e), e);
  }

  private String what(String doing, RemoteKey key) {
    return "remote " + url + ": " + doing + " key " + key;
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // a body not wanted
    }
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
