package io.datafs.remote.s3;

import io.datafs.core.error.DatafsException;
import io.datafs.core.remote.BoundedInputStream;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteEntry;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.StorageRemote;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A remote in an S3 bucket (or any S3-compatible server), under the URL's prefix. Create-only writes send
 * {@code If-None-Match: *}; ranged reads send {@code Range: bytes=a-b}. Failures are mapped by {@link S3Errors}.
 * Every put is one PutObject, so an object is at most 5 GiB (packs roll at 128 MiB). Owns its client and closes it.
 */
public final class S3Remote extends StorageRemote {
  private final RemoteUrl url;
  private final S3Client s3;
  private final String bucket;
  private final S3Errors errors;

  public S3Remote(RemoteUrl url, S3Client s3) {
    if (!url.scheme().equals(RemoteUrl.S3)) throw new IllegalArgumentException(url + " is not an s3:// URL");
    this.url = url;
    this.s3 = s3;
    this.bucket = url.location();
    this.errors = new S3Errors(url, s3);
  }

  @Override
  public RemoteUrl url() {
    return url;
  }

  @Override
  public byte[] get(RemoteKey key) {
    return call("reading", key, () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(name(key))).asByteArray());
  }

  @Override
  protected byte[] readRange(RemoteKey key, long offset, int length) {
    return call("reading", key, () -> {
      Ranged r = getRange(key, offset, length);
      if (r == null) return new byte[0];
      // Streamed into an array of the range's size: one copy, where getObjectAsBytes makes three of a large range.
      try (ResponseInputStream<GetObjectResponse> in = r.in()) {
        byte[] b = new byte[(int) r.bytes()];
        int n = in.readNBytes(b, 0, b.length);
        if (r.more()) in.abort(); // the rest of the object is not wanted
        return n < b.length ? Arrays.copyOf(b, n) : b;
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a connection broken mid-body: mapped by call, as the SDK's own
      }
    });
  }

  @Override
  protected InputStream openRange(RemoteKey key, long offset, long length) {
    if (offset == 0 && length == Long.MAX_VALUE) {
      return call("reading", key, () -> s3.getObject(r -> r.bucket(bucket).key(name(key))));
    }
    return call("reading", key, () -> {
      Ranged r = getRange(key, offset, length);
      if (r == null) return InputStream.nullInputStream();
      return r.more() ? new BoundedInputStream(r.in(), r.bytes()) : r.in();
    });
  }

  /** A GET positioned at its range's first byte; {@code bytes} of the range follow, and {@code more} after them. */
  private record Ranged(ResponseInputStream<GetObjectResponse> in, long bytes, boolean more) {}

  /**
   * GETs a range that is not empty; null when it starts at or past the end. A server that ignores Range sends the
   * whole object: it is skipped to the range, and what follows the range is {@code more} (to abort, not read).
   */
  private Ranged getRange(RemoteKey key, long offset, long length) {
    // up to an end past Long.MAX_VALUE: an open range (S3Proxy answers a huge end with a huge Content-Length)
    String range = "bytes=" + offset + "-" + (offset + length - 1 < 0 ? "" : Long.toString(offset + length - 1));
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(r -> r.bucket(bucket).key(name(key)).range(range));
    } catch (S3Exception e) {
      if (e.statusCode() == 416) return null;
      throw e;
    }
    Long size = in.response().contentLength();
    if (in.response().contentRange() != null) {
      return new Ranged(in, size == null ? length : Math.min(size, length), false);
    }
    long body = size == null ? Long.MAX_VALUE : size;
    try {
      in.skipNBytes(offset);
    } catch (EOFException shorter) {
      in.abort();
      return null;
    } catch (IOException e) {
      in.abort();
      throw new UncheckedIOException(e);
    }
    long bytes = Math.min(length, body - offset);
    return new Ranged(in, bytes, offset + bytes < body);
  }

  @Override
  public OptionalLong size(RemoteKey key) {
    return call("looking up", key, () -> {
      try {
        return OptionalLong.of(s3.headObject(r -> r.bucket(bucket).key(name(key))).contentLength());
      } catch (S3Exception e) {
        if (e.statusCode() != 404) throw e;
        errors.checkBucket(); // a HEAD's 404 has no body to tell a missing key from a missing bucket
        return OptionalLong.empty();
      }
    });
  }

  @Override
  public void put(RemoteKey key, byte[] bytes) {
    call("writing", key, () -> s3.putObject(r -> r.bucket(bucket).key(name(key)), RequestBody.fromBytes(bytes)));
  }

  @Override
  public void put(RemoteKey key, Path file) {
    Remote.checkReadable(file);
    call("writing", key, () -> s3.putObject(r -> r.bucket(bucket).key(name(key)), RequestBody.fromFile(file)));
  }

  @Override
  public CreateResult create(RemoteKey key, byte[] bytes) {
    return call("creating", key, () -> {
      try {
        s3.putObject(r -> r.bucket(bucket).key(name(key)).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
        return CreateResult.CREATED;
      } catch (S3Exception e) {
        if (e.statusCode() == 412) return CreateResult.ALREADY_EXISTS;
        throw e; // 409 ConditionalRequestConflict: another write is under way; AWS says retry (S3Errors: transient)
      }
    });
  }

  @Override
  public List<RemoteKey> list(String prefix) {
    RemoteKey.checkPrefix(prefix);
    String root = url.prefix().isEmpty() ? "" : url.prefix() + "/";
    return call("listing", null, () -> RemoteKey.listed(root,
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(root + prefix)).contents().stream()
            .map(S3Object::key)::iterator));
  }

  @Override
  public List<RemoteEntry> listEntries(String prefix) {
    RemoteKey.checkPrefix(prefix);
    String root = url.prefix().isEmpty() ? "" : url.prefix() + "/";
    return call("listing", null, () -> RemoteEntry.listed(root,
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(root + prefix)).contents().stream()
            .map(o -> new RemoteEntry.Named(o.key(), o.lastModified(), o.size()))::iterator));
  }

  @Override
  public boolean delete(RemoteKey key) {
    if (size(key).isEmpty()) return false;
    call("deleting", key, () -> s3.deleteObject(r -> r.bucket(bucket).key(name(key))));
    return true;
  }

  /** One DELETE: S3 answers a key already gone as deleted, so no HEAD is needed. */
  @Override
  public void deleteListed(RemoteKey key) {
    call("deleting", key, () -> s3.deleteObject(r -> r.bucket(bucket).key(name(key))));
  }

  @Override
  public void close() {
    s3.close();
  }

  private String name(RemoteKey key) {
    return url.objectName(key);
  }

  private <T> T call(String doing, RemoteKey key, Supplier<T> op) {
    try {
      return op.get();
    } catch (SdkException e) {
      throw errors.map(doing, key, e);
    } catch (DatafsException e) {
      throw e;
    } catch (UncheckedIOException e) {
      throw errors.map(doing, key, e);
    }
  }
}
