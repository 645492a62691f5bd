package io.datafs.daemon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * sd_notify(3) for {@code Type=notify} units: one datagram to the AF_UNIX socket systemd names in
 * {@code NOTIFY_SOCKET}. The JDK's channels have no Unix datagram sockets, so this calls libc through jnr-ffi
 * (already loaded for FUSE) rather than adding libsystemd or forking {@code systemd-notify}, whose message systemd
 * may not attribute to the service once that short-lived child has exited.
 */
public final class SystemdNotify {
  private static final System.Logger LOG = System.getLogger("datafs.daemon");
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  /** sizeof(sockaddr_un.sun_path) on Linux. */
  private static final int SUN_PATH = 108;

  /** The libc calls used; jnr-ffi binds them by name. */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    @ssize_t long sendto(int fd, byte[] buf, @size_t long len, int flags, byte[] addr, int addrLen);

    int close(int fd);
  }

  private SystemdNotify() {}

  /**
   * Sends {@code state} (as {@code READY=1}) when systemd asked for it; does nothing otherwise. A failure is logged,
   * never thrown: the daemon works as well without the message (systemd then times the start out and says so).
   */
  public static void send(String state) {
    String socket = System.getenv("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) return;
    byte[] addr = address(socket);
    if (addr == null) {
      LOG.log(System.Logger.Level.WARNING, "NOTIFY_SOCKET is not a Unix socket path: " + socket);
      return;
    }
    LibC libc = LibraryLoader.create(LibC.class).load("c");
    int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      LOG.log(System.Logger.Level.WARNING, "cannot open a socket to tell systemd " + state);
      return;
    }
    try {
      byte[] msg = state.getBytes(StandardCharsets.UTF_8);
      if (libc.sendto(fd, msg, msg.length, 0, addr, addr.length) != msg.length) {
        LOG.log(System.Logger.Level.WARNING, "cannot tell systemd " + state + " through " + socket);
      }
    } finally {
      libc.close(fd);
    }
  }

  /**
   * A sockaddr_un for {@code socket}: a path, or, starting with '@', a name in the abstract namespace (a leading NUL
   * and no terminating one). Null when it is neither or too long.
   */
  static byte[] address(String socket) {
    boolean isAbstract = socket.startsWith("@");
    if (!isAbstract && !socket.startsWith("/")) return null;
    byte[] path = socket.getBytes(StandardCharsets.UTF_8);
    if (isAbstract) path[0] = 0;
    int pathLen = isAbstract ? path.length : path.length + 1; // a path ends with NUL
    if (pathLen > SUN_PATH) return null;
    ByteBuffer b = ByteBuffer.allocate(2 + pathLen).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_UNIX).put(path);
    return b.array(); // a path's NUL is the zero the buffer was allocated with
  }
}
