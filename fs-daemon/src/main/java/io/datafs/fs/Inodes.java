package io.datafs.fs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inode numbers of one mount: each path gets the next number the first time it is seen and keeps it for the life of
 * the mount (the root is 1). Nothing is forgotten, since a number must not change while the kernel may hold it: the
 * table grows with the paths actually visited, about 100 bytes each (100 MB once every path of a 1M-entry version
 * has been listed or looked up).
 */
public final class Inodes {
  static final long ROOT = 1;

  private final ConcurrentHashMap<String, Long> byPath = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong(ROOT + 1);

  public Inodes() {
    byPath.put("/", ROOT);
  }

  public long of(String path) {
    Long ino = byPath.get(path);
    return ino != null ? ino : byPath.computeIfAbsent(path, p -> next.getAndIncrement());
  }

  /** Paths numbered so far. */
  int size() {
    return byPath.size();
  }
}
