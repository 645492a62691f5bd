package io.datafs.remote.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.datafs.core.error.DatafsException;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteEntry;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.StorageRemote;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A remote in an Azure Blob container, under the URL's prefix. Create-only writes send
 * {@code If-None-Match: *}; ranged reads ask for a {@link BlobRange}; large objects stream with the SDK's
 * {@code BlobInputStream} and upload from files in blocks. Failures are mapped by {@link AzureErrors}.
 */
public final class AzureBlobRemote extends StorageRemote {
  /** Listing page size: the service allows 5000; 1000 matches S3, so both remotes page alike. */
  static final int PAGE = 1000;
  /** A stream downloads this much per request. */
  private static final int STREAM_BLOCK = 8 << 20;

  private final RemoteUrl url;
  private final BlobContainerClient container;
  private final AzureErrors errors;

  public AzureBlobRemote(RemoteUrl url, BlobServiceClient service) {
    if (!url.scheme().equals(RemoteUrl.AZURE)) throw new IllegalArgumentException(url + " is not an az:// URL");
    this.url = url;
    this.container = service.getBlobContainerClient(url.location());
    this.errors = new AzureErrors(url);
  }

  @Override
  public RemoteUrl url() {
    return url;
  }

  @Override
  public byte[] get(RemoteKey key) {
    return call("reading", key, () -> blob(key).downloadContent().toBytes());
  }

  @Override
  protected byte[] readRange(RemoteKey key, long offset, int length) {
    return call("reading", key, () -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(length, 1 << 20));
      try {
        blob(key).downloadStreamWithResponse(out, new BlobRange(offset, (long) length), null, null, false, null,
            Context.NONE);
      } catch (BlobStorageException e) {
        if (e.getStatusCode() == 416) return new byte[0]; // the range starts at or past the end
        throw e;
      }
      return out.toByteArray();
    });
  }

  @Override
  protected InputStream openRange(RemoteKey key, long offset, long length) {
    return call("reading", key, () -> {
      BlobInputStreamOptions options = new BlobInputStreamOptions().setBlockSize(STREAM_BLOCK);
      if (offset != 0 || length != Long.MAX_VALUE) {
        options.setRange(new BlobRange(offset, length == Long.MAX_VALUE ? null : length));
      }
      try {
        return blob(key).openInputStream(options);
      } catch (BlobStorageException e) {
        if (e.getStatusCode() == 416) return InputStream.nullInputStream(); // the range starts at or past the end
        throw e;
      }
    });
  }

  @Override
  public OptionalLong size(RemoteKey key) {
    return call("looking up", key, () -> {
      try {
        return OptionalLong.of(blob(key).getProperties().getBlobSize());
      } catch (BlobStorageException e) {
        if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) return OptionalLong.empty();
        throw e;
      }
    });
  }

  @Override
  public void put(RemoteKey key, byte[] bytes) {
    call("writing", key, () -> {
      blob(key).upload(BinaryData.fromBytes(bytes), true);
      return null;
    });
  }

  @Override
  public void put(RemoteKey key, Path file) {
    Remote.checkReadable(file);
    call("writing", key, () -> {
      blob(key).uploadFromFile(file.toString(), true);
      return null;
    });
  }

  @Override
  public CreateResult create(RemoteKey key, byte[] bytes) {
    BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromBytes(bytes))
        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    return call("creating", key, () -> {
      try {
        blob(key).uploadWithResponse(options, null, Context.NONE);
        return CreateResult.CREATED;
      } catch (BlobStorageException e) {
        if (e.getStatusCode() == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
            || e.getStatusCode() == 412) {
          return CreateResult.ALREADY_EXISTS;
        }
        throw e;
      }
    });
  }

  @Override
  public List<RemoteKey> list(String prefix) {
    RemoteKey.checkPrefix(prefix);
    String root = url.prefix().isEmpty() ? "" : url.prefix() + "/";
    return call("listing", null, () -> {
      ListBlobsOptions options = new ListBlobsOptions().setPrefix(root + prefix).setMaxResultsPerPage(PAGE);
      return RemoteKey.listed(root, container.listBlobs(options, null).stream().map(BlobItem::getName)::iterator);
    });
  }

  @Override
  public List<RemoteEntry> listEntries(String prefix) {
    RemoteKey.checkPrefix(prefix);
    String root = url.prefix().isEmpty() ? "" : url.prefix() + "/";
    return call("listing", null, () -> {
      ListBlobsOptions options = new ListBlobsOptions().setPrefix(root + prefix).setMaxResultsPerPage(PAGE);
      return RemoteEntry.listed(root, container.listBlobs(options, null).stream()
          .map(b -> new RemoteEntry.Named(b.getName(), b.getProperties().getLastModified().toInstant(),
              b.getProperties().getContentLength()))::iterator);
    });
  }

  @Override
  public boolean delete(RemoteKey key) {
    return call("deleting", key, () -> {
      boolean deleted = blob(key).deleteIfExists();
      if (!deleted) container.getProperties(); // a missing container must not look like a missing blob
      return deleted;
    });
  }

  @Override
  public void close() {
    // the SDK's clients hold a shared connection pool and need no closing
  }

  private BlobClient blob(RemoteKey key) {
    return container.getBlobClient(url.objectName(key));
  }

  private <T> T call(String doing, RemoteKey key, Supplier<T> op) {
    try {
      return op.get();
    } catch (DatafsException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.map(doing, key, e);
    }
  }
}
