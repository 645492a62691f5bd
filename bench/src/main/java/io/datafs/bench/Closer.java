package io.datafs.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a bench block has running (homes with their daemons and mounts, rclone mounts, a proxy, a server), so that a
 * failure or a shutdown hook can close it all, last opened first.
 */
final class Closer {
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  synchronized <T extends AutoCloseable> T add(T t) {
    open.push(t);
    return t;
  }

  /** Closes one thing now. */
  void close(AutoCloseable t) throws Exception {
    synchronized (this) {
      open.remove(t);
    }
    t.close();
  }

  /** Closes everything still open; safe to call more than once. */
  synchronized void closeAll() {
    while (!open.isEmpty()) {
      AutoCloseable t = open.pop();
      try {
        t.close();
      } catch (Exception e) {
        Bench.log("clean-up: " + e);
      }
    }
  }
}
