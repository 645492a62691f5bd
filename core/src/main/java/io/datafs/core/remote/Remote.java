package io.datafs.core.remote;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Object storage that datafs shares versions through: a local folder, an S3 bucket, an Azure Blob container, or any of
 * them served read-only over http(s).
 * Objects are named by {@link RemoteKey}s relative to the remote's root (the prefix of its {@link RemoteUrl});
 * {@link RemoteLayout} says which keys datafs uses.
 *
 * <p>Contract (checked by {@code RemoteContract} for every implementation):
 * <ul>
 *   <li>{@link #get} returns an object's bytes; {@link #open} streams them, for objects too large to hold.
 *   <li>{@link #read} returns the bytes from {@code offset} up to {@code offset + length} or the end of the
 *       object, whichever comes first: a range past the end is cut at the end, one starting at or past the end
 *       is empty. A negative offset or length is an {@link IllegalArgumentException}. The ranged {@link #open}
 *       streams the same bytes, by one request.
 *   <li>{@link #size} is empty for a missing object; every other read of a missing object throws
 *       {@link io.datafs.core.error.RemoteObjectNotFoundException} ({@link #open} when it is called, not at
 *       the first read of the stream).
 *   <li>{@link #put} writes an immutable object (a pack, an index): readers see all of the object or none of
 *       it, never part. Putting a key again with the same bytes succeeds and changes nothing visible. Putting
 *       different bytes under an existing key replaces the object whole: readers see the old bytes or the new,
 *       never a mix. datafs does that only to the listing files it derives from the keys ({@link RemoteListing}).
 *   <li>A remote that cannot be written ({@link RemoteUrl#isReadOnly}: http(s)) refuses {@link #put},
 *       {@link #create} and {@link #delete} with {@link io.datafs.core.error.RemoteReadOnlyException}, and lists
 *       only the areas its listing files cover.
 *   <li>{@link #create} writes only if no object has the key, atomically: of any number of concurrent creates of
 *       one key, across processes and machines, exactly one returns {@link CreateResult#CREATED}, the others
 *       {@link CreateResult#ALREADY_EXISTS}, and the object that exists is never changed.
 *   <li>{@link #list} returns every key that starts with the prefix (a plain string prefix, "" for all), each
 *       once, ordered by {@link RemoteKey#compareTo}, however many pages the store needs. An object written
 *       while the listing runs may or may not be in it; temporary objects of unfinished writes never are.
 *       {@link #listEntries} lists the same keys with the time each was written, never before its write began.
 *   <li>{@link #delete} removes an object and says whether there was one. Cleanup and tests only: publishing
 *       never deletes.
 *   <li>Failures are typed: the bucket, container or folder itself missing is
 *       {@link io.datafs.core.error.RemoteNotFoundException}; refused credentials or permissions are
 *       {@link io.datafs.core.error.RemoteAccessDeniedException}; what may pass if tried again (HTTP 5xx or 429,
 *       connection refused or reset, timeouts) is {@link io.datafs.core.error.RemoteTransientException}, which
 *       {@link RetryingRemote} retries. Each message is one line naming the remote URL and the key; none holds a
 *       secret.
 *   <li>Safe for concurrent use by many threads. A key that is a "directory" of another key ("a" and "a/b") is
 *       not supported by every remote and never used by datafs.
 * </ul>
 */
public interface Remote extends AutoCloseable {
  /** Where this remote is: for messages, never holding a secret. */
  RemoteUrl url();

  byte[] get(RemoteKey key);

  byte[] read(RemoteKey key, long offset, int length);

  /** The whole object as a stream; the caller closes it. A failure while reading is an IOException of the stream. */
  default InputStream open(RemoteKey key) {
    return open(key, 0, Long.MAX_VALUE);
  }

  /**
   * The bytes {@link #read} would return for the range, as a stream fetched by one request: many chunks of a pack
   * are read this way without holding them all. {@code Long.MAX_VALUE} as the length reads to the end.
   */
  InputStream open(RemoteKey key, long offset, long length);

  /** The object's size in bytes, or empty if there is no such object. */
  OptionalLong size(RemoteKey key);

  void put(RemoteKey key, byte[] bytes);

  /** Puts the content of a local file, streamed (packs are large). */
  void put(RemoteKey key, Path file);

  /** For {@link #put(RemoteKey, Path)}: a local file that cannot be read is the store's problem, not the remote's. */
  static void checkReadable(Path file) {
    if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
      throw new io.datafs.core.error.StoreIoException("uploading " + file,
          new java.nio.file.NoSuchFileException(file.toString(), null, "not a readable file"));
    }
  }

  CreateResult create(RemoteKey key, byte[] bytes);

  List<RemoteKey> list(String prefix);

  /**
   * {@link #list} with each object's last-modified time, as the store reports it (a folder: the file's mtime; S3 and
   * Azure: the listing's own times, no request per object). A read-only remote refuses it.
   */
  List<RemoteEntry> listEntries(String prefix);

  boolean delete(RemoteKey key);

  /**
   * Deletes an object the caller has just listed, without asking whether it is there; one already gone is no error.
   * {@link #delete} answers whether it was there, which costs S3 a request more (a HEAD before the DELETE); a GC
   * deleting thousands of listed packs needs no answer.
   */
  default void deleteListed(RemoteKey key) {
    delete(key);
  }

  /**
   * Removes what writes killed part-way left behind, where this kind of remote can be left with any: a folder's
   * temporary files no write has touched for an hour ({@link io.datafs.core.store.Leftovers#STALE}). A store whose
   * uploads are atomic (S3, Azure Blob) has none, and does nothing. Best effort: never fails. Push runs it first.
   */
  default void clearStaleTemporaries() {}

  @Override
  void close();
}
