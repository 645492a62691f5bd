package io.datafs.core.sync;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;

/**
 * The most datafs reads into memory of each kind of remote object, so that a damaged or hostile remote (a record
 * of some GB) is refused in one line instead of exhausting the daemon's heap. Each cap is far above what any datafs
 * writes: a version record is made from a command line (Linux passes at most a few MiB of arguments), a tag record
 * and the format file are a few hundred bytes, a pack index holds 54 bytes per object of a pack that rolls at 64k
 * objects (data) or 32 MiB (metadata), a tree page averages 64 entries, a chunk is at most the chunker's maximum
 * (4 MiB), a chunk list of 64 MiB describes a file of about 1.8 TB, and a label event names at most 100k objects at
 * 67 bytes each (6.7 MB) and 1000 labels of at most 64 characters; a dataset metadata record is refused when set if it
 * would be larger than its cap.
 */
final class RemoteLimits {
  static final int FORMAT_FILE = 64 << 10;
  static final int TAG_RECORD = 64 << 10;
  static final int VERSION_RECORD = 16 << 20;
  static final int PACK_INDEX = 64 << 20;
  static final int PAGE = 16 << 20;
  static final int CHUNK_LIST = 64 << 20;
  static final int CHUNK = 64 << 20;
  static final int LABEL_EVENT = 16 << 20;
  /** As large as {@code MetaEdit} lets a dataset's metadata grow. */
  static final int META_RECORD = io.datafs.core.dataset.MetaEdit.MAX_RECORD;

  private RemoteLimits() {}

  /**
   * The whole object at {@code key}, read by one ranged read of a byte more than {@code cap}: an object over the cap
   * is refused without reading more of it (asking its size first would cost a request and could change after).
   *
   * @throws io.datafs.core.error.RemoteObjectNotFoundException when there is no such object
   * @throws CorruptObjectException when it is larger than {@code cap}
   */
  static byte[] read(Remote remote, RemoteKey key, int cap, String what) {
    byte[] bytes = remote.read(key, 0, cap + 1);
    if (bytes.length > cap) {
      throw new CorruptObjectException(null, "remote " + remote.url() + ": " + key + " is larger than " + show(cap)
          + ", the most " + what + " may be: refused");
    }
    return bytes;
  }

  /** Checks that no object a remote pack's index lists is larger than its kind may be, before any is read. */
  static void checkEntries(Remote remote, ObjectId pack, Iterable<PackEntry> entries) {
    for (PackEntry e : entries) { // lengths are never negative: PackIndex refuses that
      int cap = cap(e.type());
      int largest = Math.max(e.rawLength(), e.storedLength());
      if (largest > cap) {
        throw new CorruptObjectException(e.id(), "remote " + remote.url() + ": index/" + pack.hex() + " lists a "
            + e.type().name().toLowerCase().replace('_', ' ') + " of " + largest + " bytes, larger than " + show(cap)
            + ", the most one may be: refused");
      }
    }
  }

  private static int cap(ObjectType type) {
    return switch (type) {
      case CHUNK -> CHUNK;
      case PAGE -> PAGE;
      case CHUNK_LIST -> CHUNK_LIST;
    };
  }

  private static String show(int cap) {
    return cap >= 1 << 20 ? (cap >> 20) + " MiB" : (cap >> 10) + " KiB";
  }
}
