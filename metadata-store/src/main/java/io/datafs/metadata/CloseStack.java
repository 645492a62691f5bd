package io.datafs.metadata;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Native objects in the order they were made, closed in the reverse order: what was made from something
 * (a handle from its database, a database from its options) is closed before it.
 */
final class CloseStack implements AutoCloseable {
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();

  /** Takes ownership of {@code resource} and returns it. */
  <T extends AutoCloseable> T push(T resource) {
    stack.push(resource);
    return resource;
  }

  /** Closes everything, last pushed first, even when a close fails; throws the first failure, others suppressed. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!stack.isEmpty()) {
      try {
        stack.pop().close();
      } catch (Exception e) {
        if (first == null) first = e;
        else first.addSuppressed(e);
      }
    }
    if (first != null) throw first;
  }

  /** Closes everything after {@code failure}, which stays the one thrown; used when an open goes wrong. */
  void closeAfter(Throwable failure) {
    try {
      close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
