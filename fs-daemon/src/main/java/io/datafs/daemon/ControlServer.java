package io.datafs.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's Unix socket (mode 0600: only its owner may talk to it). Each connection carries one request:
 * a length-prefixed JSON {@link Request}, answered by {@link Frames} until the exit status.
 */
final class ControlServer implements AutoCloseable {
  /** Runs one command line for a client, writing to its streams; returns the exit status. */
  interface Handler {
    int handle(Request request, OutputStream out, OutputStream err);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final System.Logger LOG = System.getLogger("datafs.daemon");

  private final Path socket;
  private final Handler handler;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "datafs-request");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private ServerSocketChannel server;
  private Thread acceptor;

  ControlServer(Path socket, Handler handler) {
    this.socket = socket;
    this.handler = handler;
  }

  /** Binds the socket; the caller holds the store, so a socket file left behind is stale and replaced. */
  void start() throws IOException {
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    acceptor = new Thread(this::acceptLoop, "datafs-control");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Requests under way now. */
  int active() {
    return active.get();
  }

  long idleNanos() {
    return active.get() > 0 ? 0 : System.nanoTime() - lastActivity.get();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        workers.execute(() -> serve(ch));
      } catch (IOException e) {
        if (server.isOpen()) LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
      }
    }
  }

  private void serve(SocketChannel ch) {
    active.incrementAndGet();
    try (ch) {
      DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
      DataOutputStream out = new DataOutputStream(
          new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
      byte[] json = new byte[in.readInt()];
      in.readFully(json);
      Request request = JSON.readValue(json, Request.class);
      int status = handler.handle(request, Frames.stream(out, Frames.STDOUT), Frames.stream(out, Frames.STDERR));
      Frames.exit(out, status);
    } catch (IOException e) {
      // the client went away (Ctrl-C): the command's output has nowhere to go
      LOG.log(System.Logger.Level.DEBUG, "client connection ended: " + e.getMessage());
    } finally {
      lastActivity.set(System.nanoTime());
      active.decrementAndGet();
    }
  }

  static void send(DataOutputStream out, Request request) throws IOException {
    byte[] json = JSON.writeValueAsBytes(request);
    out.writeInt(json.length);
    out.write(json);
    out.flush();
  }

  /** Stops taking requests, lets those under way finish (the stop request among them), then closes. */
  @Override
  public void close() {
    try {
      if (server != null) server.close();
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the control socket: " + e.getMessage());
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, active.get() + " command(s) still running at stop: interrupting them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }
}
