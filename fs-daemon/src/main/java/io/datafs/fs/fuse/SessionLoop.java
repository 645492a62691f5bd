package io.datafs.fs.fuse;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * libfuse 2's request loop, run on Java threads instead of libfuse's own. jffi attaches a native thread to
 * the JVM for each callback and detaches it after (jnr-ffi issue #125), which on libfuse's worker threads
 * cost about as much as the read itself; Java threads are attached for good. Each worker receives a request
 * from the kernel and processes it, as {@code fuse_loop_mt} does, until the session ends (unmount).
 */
final class SessionLoop {
  /** The libfuse 2 session calls behind {@code fuse_main_real}. */
  public interface LibFuseSession {
    Pointer fuse_setup(int argc, String[] argv, Pointer ops, long opsSize, PointerByReference mountpoint,
                       IntByReference multithreaded, Pointer userData);

    void fuse_teardown(Pointer fuse, Pointer mountpoint);

    Pointer fuse_get_session(Pointer fuse);

    Pointer fuse_session_next_chan(Pointer session, Pointer chan);

    long fuse_chan_bufsize(Pointer chan);

    int fuse_chan_recv(PointerByReference chan, Pointer buf, long size);

    void fuse_session_process(Pointer session, Pointer buf, long len, Pointer chan);

    int fuse_session_exited(Pointer session);

    void fuse_session_exit(Pointer session);
  }

  private static final int EINTR = 4;
  private static final int EAGAIN = 11;

  private SessionLoop() {}

  /** Mounts with {@code argv}, serves on {@code workers} Java threads until unmounted; returns 0, or 1 on failure. */
  static int run(String[] argv, Pointer ops, long opsSize, int workers) {
    LibFuseSession lib = LibraryLoader.create(LibFuseSession.class).failImmediately().load("fuse");
    Runtime runtime = Runtime.getSystemRuntime();
    PointerByReference mountpoint = new PointerByReference();
    Pointer fuse = lib.fuse_setup(argv.length, argv, ops, opsSize, mountpoint, new IntByReference(), null);
    if (fuse == null) return 1; // libfuse said why on stderr
    Pointer session = lib.fuse_get_session(fuse);
    Pointer chan = lib.fuse_session_next_chan(session, null);
    long bufSize = lib.fuse_chan_bufsize(chan);
    int[] status = {0};
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(() -> {
        Pointer buf = Memory.allocateDirect(runtime, (int) bufSize);
        while (lib.fuse_session_exited(session) == 0) {
          PointerByReference from = new PointerByReference(chan);
          int n = lib.fuse_chan_recv(from, buf, bufSize);
          if (n == -EINTR || n == -EAGAIN) continue;
          if (n <= 0) {
            if (n < 0) status[0] = 1;
            lib.fuse_session_exit(session); // unmounted (0) or the connection broke: every worker stops
            break;
          }
          lib.fuse_session_process(session, buf, n, from.getValue());
        }
      }, Thread.currentThread().getName() + " worker " + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lib.fuse_teardown(fuse, mountpoint.getValue());
    return status[0];
  }
}
