package io.datafs.core.store;

import io.datafs.core.pack.PackKind;
import io.datafs.core.remote.RemoteRef;
import java.nio.ByteBuffer;

/**
 * The PACKS row of a pack this store knows: its kind, size and object count, and, for a data pack whose objects
 * are indexed here but whose bytes stay on a remote (a lazy pull or mount), that remote. Value: kind (1) | size (8)
 * | count (4) [| remote reference].
 *
 * @param remote null when the pack is in {@code packs/}
 */
public record PackRow(PackKind kind, long size, int count, RemoteRef remote) {
  private static final int FIXED = 13;

  public boolean isLocal() {
    return remote == null;
  }

  /**
   * A remote pack known only through the located objects of lazily read trees (size and count 0): the store knows
   * where the chunks those trees name are in it, not the pack's whole index.
   */
  public boolean isPartial() {
    return remote != null && count == 0;
  }

  public byte[] encode() {
    byte[] ref = remote == null ? new byte[0] : remote.encode();
    return ByteBuffer.allocate(FIXED + ref.length).put((byte) kind.code()).putLong(size).putInt(count).put(ref).array();
  }

  public static PackRow decode(byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    PackKind kind = PackKind.ofCode(b.get());
    long size = b.getLong();
    int count = b.getInt();
    RemoteRef remote = value.length > FIXED ? RemoteRef.decode(value, FIXED, value.length - FIXED) : null;
    return new PackRow(kind, size, count, remote);
  }
}
