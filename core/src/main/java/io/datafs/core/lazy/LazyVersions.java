package io.datafs.core.lazy;

import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.remote.RemoteRef;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rows of {@link Table#LAZY}: which versions are read lazily and from which remote ({@code "v"} version id ->
 * remote), and the tree pages and chunk lists fetched for them ({@code "o"} object id -> its bytes). A lazy version's
 * pages are not all here, and those that are sit in no local pack: local commands read the rest through the
 * {@link LazyPages} the daemon installs, a GC marks only what is here ({@link #isLazy}), and a push does not count
 * them as stored.
 */
public final class LazyVersions {
  private static final byte VERSION = 'v';
  private static final byte OBJECT = 'o';

  private final KvStore kv;

  public LazyVersions(KvStore kv) {
    this.kv = kv;
  }

  /** Marks a version published here without its tree as read lazily from {@code remote}. */
  public static void mark(KvBatch batch, ObjectId version, RemoteRef remote) {
    batch.put(Table.LAZY, key(VERSION, version), remote.encode());
  }

  /** Forgets that a version is lazy: its whole tree is here now (a pull walked it). */
  public static void complete(KvBatch batch, ObjectId version) {
    batch.delete(Table.LAZY, key(VERSION, version));
  }

  public boolean isLazy(ObjectId version) {
    return kv.get(Table.LAZY, key(VERSION, version)) != null;
  }

  /** The remote a version is read lazily from; null when it is not lazy. */
  public RemoteRef remoteOf(ObjectId version) {
    byte[] v = kv.get(Table.LAZY, key(VERSION, version));
    return v == null ? null : RemoteRef.decode(v, 0, v.length);
  }

  /** The remotes lazy versions are read from; usually one. */
  public Set<RemoteRef> remotes() {
    Set<RemoteRef> out = new LinkedHashSet<>();
    kv.scan(Table.LAZY, new byte[] {VERSION}, (k, v) -> {
      out.add(RemoteRef.decode(v, 0, v.length));
      return true;
    });
    return out;
  }

  /** A fetched object's bytes, unchecked (the reader checks them against the id); null when not fetched. */
  public byte[] object(ObjectId id) {
    return kv.get(Table.LAZY, key(OBJECT, id));
  }

  /**
   * Forgets, in {@code batch}, the fetched objects {@code live} does not keep (a GC's sweep: those of removed
   * versions); one still wanted is fetched again when read. Returns how many.
   */
  public int forgetObjectsUnless(Predicate<ObjectId> live, KvBatch batch) {
    int[] forgotten = {0};
    kv.scan(Table.LAZY, new byte[] {OBJECT}, (k, v) -> {
      ObjectId id = ObjectId.read(k, 1);
      if (!live.test(id)) {
        batch.delete(Table.LAZY, k.clone());
        forgotten[0]++;
      }
      return true;
    });
    return forgotten[0];
  }

  static void putObject(KvBatch batch, ObjectId id, byte[] bytes) {
    batch.put(Table.LAZY, key(OBJECT, id), bytes);
  }

  private static byte[] key(byte kind, ObjectId id) {
    byte[] k = new byte[1 + ObjectId.LENGTH];
    k[0] = kind;
    System.arraycopy(id.toBytes(), 0, k, 1, ObjectId.LENGTH);
    return k;
  }
}
