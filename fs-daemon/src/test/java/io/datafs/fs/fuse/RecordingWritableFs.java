package io.datafs.fs.fuse;

import io.datafs.fs.Attributes;
import io.datafs.fs.DirEntry;
import io.datafs.fs.Errno;
import io.datafs.fs.FsException;
import io.datafs.fs.FsStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link WritableFs} for the adapter's tests: reads come from a {@link FakeFs}, every change is recorded as one
 * line ("mkdir /d 493") and answered, or failed with the errno (or exception) set for its operation.
 */
final class RecordingWritableFs implements WritableFs {
  final FakeFs reads;
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final Map<String, RuntimeException> failures = new HashMap<>();
  /** The last bytes written, as the filesystem saw them. */
  volatile byte[] written;
  long nextHandle = 500;

  RecordingWritableFs(FakeFs reads) {
    this.reads = reads;
  }

  /** Makes {@code op} fail with {@code errno}. */
  RecordingWritableFs failing(String op, Errno errno) {
    failures.put(op, new FsException(errno, op + " refused"));
    return this;
  }

  private void record(String op, Object... args) {
    StringBuilder sb = new StringBuilder(op);
    for (Object a : args) sb.append(' ').append(a);
    calls.add(sb.toString());
    RuntimeException e = failures.get(op);
    if (e != null) throw e;
  }

  // ---- reads: the fake's ----

  @Override public Attributes getattr(String path) { return reads.getattr(path); }
  @Override public List<DirEntry> readdir(String path, long dir, long offset, int max) {
    return reads.readdir(path, dir, offset, max);
  }
  @Override public long open(String path, int flags) { record("open", path, flags); return nextHandle++; }
  @Override public int read(long handle, long offset, ByteBuffer dst) {
    record("read", handle, offset, dst.remaining());
    return 0;
  }
  @Override public void release(long handle) { record("release", handle); }
  @Override public String readlink(String path) { return reads.readlink(path); }
  @Override public FsStats statfs() { return reads.statfs(); }
  @Override public byte[] getxattr(String path, String name) { return reads.getxattr(path, name); }
  @Override public List<String> listxattr(String path) { return reads.listxattr(path); }

  // ---- changes: recorded ----

  @Override public long create(String path, int mode, int flags) {
    record("create", path, Integer.toOctalString(mode), flags);
    return nextHandle++;
  }

  @Override
  public int write(long handle, long offset, byte[] src, int size) {
    record("write", handle, offset, size);
    byte[] copy = new byte[size];
    System.arraycopy(src, 0, copy, 0, size);
    written = copy;
    return size;
  }

  @Override public void truncate(String path, long size) { record("truncate", path, size); }
  @Override public void ftruncate(long handle, long size) { record("ftruncate", handle, size); }
  @Override public void flush(long handle) { record("flush", handle); }
  @Override public void fsync(long handle, boolean dataOnly) { record("fsync", handle, dataOnly); }
  @Override public void unlink(String path) { record("unlink", path); }
  @Override public void mkdir(String path, int mode) { record("mkdir", path, Integer.toOctalString(mode)); }
  @Override public void rmdir(String path) { record("rmdir", path); }
  @Override public void rename(String from, String to) { record("rename", from, to); }
  @Override public void chmod(String path, int mode) { record("chmod", path, Integer.toOctalString(mode)); }
  @Override public void chown(String path, long uid, long gid) { record("chown", path, uid, gid); }
  @Override public void utimens(String path, long atimeNanos, long mtimeNanos) {
    record("utimens", path, time(atimeNanos), time(mtimeNanos));
  }
  @Override public void symlink(String target, String path) { record("symlink", target, path); }
  @Override public void link(String from, String to) { record("link", from, to); }
  @Override public void mknod(String path, int mode, long rdev) {
    record("mknod", path, Integer.toOctalString(mode), rdev);
  }
  @Override public void setxattr(String path, String name, byte[] value, int flags) {
    record("setxattr", path, name, new String(value, StandardCharsets.UTF_8), flags);
  }
  @Override public void removexattr(String path, String name) { record("removexattr", path, name); }

  private static String time(long nanos) {
    return nanos == TIME_NOW ? "NOW" : nanos == TIME_OMIT ? "OMIT" : Long.toString(nanos);
  }
}
