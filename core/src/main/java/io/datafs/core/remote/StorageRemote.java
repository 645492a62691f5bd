package io.datafs.core.remote;

import io.datafs.core.error.RemoteObjectNotFoundException;
import java.io.InputStream;

/**
 * A remote that talks to a store of objects (a folder, S3, Azure, an http server), as opposed to one that wraps
 * another remote. The checks every ranged read shares live here once: a negative range is a caller's bug, and an
 * empty range still says whether the object exists, which a storage service's ranged GET cannot ask for.
 */
public abstract class StorageRemote implements Remote {
  @Override
  public final byte[] read(RemoteKey key, long offset, int length) {
    if (offset < 0 || length < 0) throw new IllegalArgumentException("negative range " + offset + "+" + length);
    if (length == 0) {
      requireExists(key);
      return new byte[0];
    }
    return readRange(key, offset, length);
  }

  @Override
  public final InputStream open(RemoteKey key, long offset, long length) {
    if (offset < 0 || length < 0) throw new IllegalArgumentException("negative range " + offset + "+" + length);
    if (length == 0) {
      requireExists(key);
      return InputStream.nullInputStream();
    }
    return openRange(key, offset, length);
  }

  /** {@link #read} of a range that is not empty: fewer bytes at the object's end, none from past it. */
  protected abstract byte[] readRange(RemoteKey key, long offset, int length);

  /** {@link #open} of a range that is not empty; {@code Long.MAX_VALUE} as the length reads to the end. */
  protected abstract InputStream openRange(RemoteKey key, long offset, long length);

  private void requireExists(RemoteKey key) {
    if (size(key).isEmpty()) throw new RemoteObjectNotFoundException(url().toString(), key.value());
  }
}
