package io.datafs.fs.overlay;

import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open directories of an overlay and where their listings stand. A writable mount's directory changes while it
 * is listed, so a readdir offset cannot be a position (an entry created before it would shift every later one):
 * each entry a listing hands out gets a cookie that names it, and a listing resumes after that name, in name order.
 * So an entry that stays in the directory is never skipped or repeated, whatever is created, removed or renamed
 * between two readdir calls; POSIX leaves open only whether those show. Cookies belong to one open directory
 * (telldir/seekdir values are per stream); an entry listed again right after the entry before it gets its cookie
 * back, so listing a directory of n entries, once or many times, keeps n names. Thread-safe.
 */
final class DirListings {
  private final Map<Long, Listing> open = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(1);

  /** A new listing: a handle for readdir and release. */
  long open() {
    long handle = nextHandle.getAndIncrement();
    open.put(handle, new Listing());
    return handle;
  }

  Listing get(long handle) {
    Listing l = open.get(handle);
    if (l == null) throw new FsException(Errno.EBADF, "no open directory with handle " + handle);
    return l;
  }

  void release(long handle) {
    open.remove(handle);
  }

  /** The cookies of one open directory: cookie k resumes after the k-th name handed out. */
  static final class Listing {
    private final List<String> names = new ArrayList<>();

    /** The name a listing resumes after; null for cookie 0 (the start). */
    synchronized String after(long cookie) {
      if (cookie == 0) return null;
      if (cookie < 0 || cookie > names.size()) {
        throw new FsException(Errno.EINVAL, "not a readdir offset of this directory: " + cookie);
      }
      return names.get((int) (cookie - 1));
    }

    /** The cookie of {@code name}, listed right after the entry of cookie {@code previous}: always above it. */
    synchronized long cookie(long previous, String name) {
      if (previous < names.size() && names.get((int) previous).equals(name)) return previous + 1;
      names.add(name);
      return names.size();
    }
  }
}
